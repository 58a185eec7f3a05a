-- depends_on: {{ ref('int_submissions_profiled') }}
-- depends_on: {{ ref('int_carer_links_checked') }}
-- The rule tests' stored failures are tables, not refs: the lines above make dbt
-- build this model after the models the cld_rules tests check (those two and,
-- through them, stg_cld__submission_rows), and so after those tests.
with rule_checks as (
    {{ cld_rule_checks_union(ref('int_submissions_profiled')) }}
)

select
    submission_id,
    line_number,
    rule_id,
    offending_value,
    rows_checked,
    line_number is not null as is_failure
from rule_checks
