with rule_failures as (
    select
        submission_id,
        line_number,
        rule_id,
        offending_value
    from {{ ref('int_rule_checks_unioned') }}
    where is_failure
),

validation_rules as (
    select
        rule_id,
        module,
        field_name,
        severity
    from {{ ref('cld_validation_rules') }}
),

submissions as (
    select
        submission_id,
        la_code
    from {{ ref('dim_submissions') }}
),

submission_rows as (
    select
        submission_id,
        line_number,
        event_reference
    from {{ ref('stg_cld__submission_rows') }}
)

select
    concat(
        rule_failures.submission_id, ':',
        cast(rule_failures.line_number as {{ dbt.type_string() }}), ':',
        rule_failures.rule_id
    ) as failure_id,
    rule_failures.submission_id,
    submissions.la_code,
    rule_failures.line_number,
    submission_rows.event_reference,
    rule_failures.rule_id,
    validation_rules.module,
    validation_rules.field_name,
    validation_rules.severity,
    rule_failures.offending_value
from rule_failures
left join validation_rules
    on rule_failures.rule_id = validation_rules.rule_id
left join submissions
    on rule_failures.submission_id = submissions.submission_id
left join submission_rows
    on
        rule_failures.submission_id = submission_rows.submission_id
        and rule_failures.line_number = submission_rows.line_number
