-- Every validation rule's result in one long list: one row per failing row and
-- rule (the value it shows), plus one count row per submission and rule
-- (line_number NULL, rows_checked: the rows the rule applies to). The row-level
-- rules come stored from int_row_rule_checks_unioned; the file-level ones are
-- read here from int_submissions_profiled's rule columns (macro
-- cld_rule_results), so no rule is evaluated twice.
-- A table, not the folder's view: dq_failures, dq_rule_results and two tests
-- read it, and as a view each would re-run int_submissions_profiled (a view
-- over every staged row) once per file-level rule.
{{ config(materialized='table') }}
with row_rule_checks as (
    select
        submission_id,
        line_number,
        rule_id,
        offending_value,
        rows_checked
    from {{ ref('int_row_rule_checks_unioned') }}
),

{{ cld_rule_results('int_submissions_profiled') }},

rule_checks as (
    select * from row_rule_checks
    union all
    select * from int_submissions_profiled_results
)

-- a rule that applies to no file has no count row

select
    submission_id,
    line_number,
    rule_id,
    offending_value,
    rows_checked,
    line_number is not null as is_failure
from rule_checks
where line_number is not null or rows_checked > 0
