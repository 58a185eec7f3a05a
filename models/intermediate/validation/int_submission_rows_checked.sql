-- One row per staged row with every row-level validation rule evaluated as
-- columns (macro cld_rule_columns: <rule>__checked, <rule>__failed,
-- <rule>__value), so the staged rows are read once for the twelve families of
-- rules, window functions included, rather than once per rule. The rule tests
-- (cld_rules) and int_rule_checks_unioned read these columns.
-- A table, not the folder's view: each test and the union read it per rule.
{{ config(materialized='table') }}

{%- set families = cld_rule_models()['int_submission_rows_checked'] %}

-- The rules read most of the staged columns: every one is imported.
with submission_rows as (
    select *
    from {{ ref('stg_cld__submission_rows') }}
),

rules_evaluated as (
    select
        *,
        {{ cld_rule_evaluations(families) | join(',\n        ') }}
    from submission_rows
)

select
    submission_id,
    line_number,
    {{ cld_rule_columns(families) | join(',\n    ') }}
from rules_evaluated
