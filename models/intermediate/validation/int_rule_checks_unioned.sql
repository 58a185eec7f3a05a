-- depends_on: {{ ref('stg_cld__submission_rows') }}
-- The rule tests' stored failures are tables, not refs: the line above makes dbt
-- build this model after stg_cld__submission_rows, and so after its tests.
with rule_checks as (
    {{ cld_rule_checks_union(ref('stg_cld__submission_rows')) }}
)

select
    submission_id,
    line_number,
    rule_id,
    offending_value,
    rows_checked,
    line_number is not null as is_failure
from rule_checks
