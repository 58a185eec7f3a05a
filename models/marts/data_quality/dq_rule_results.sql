with rule_checks as (
    select
        submission_id,
        rule_id,
        is_failure,
        rows_checked
    from {{ ref('int_rule_checks_unioned') }}
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
        la_code,
        is_latest_loaded
    from {{ ref('dim_submissions') }}
),

rule_counts as (
    select
        submission_id,
        rule_id,
        sum(coalesce(rows_checked, 0)) as rows_checked,
        sum(case when is_failure then 1 else 0 end) as rows_failed
    from rule_checks
    group by 1, 2
)

select
    concat(rule_counts.submission_id, ':', rule_counts.rule_id) as rule_result_id,
    rule_counts.submission_id,
    submissions.la_code,
    coalesce(submissions.is_latest_loaded, false) as is_latest_loaded,
    rule_counts.rule_id,
    validation_rules.module,
    validation_rules.field_name,
    validation_rules.severity,
    cast(rule_counts.rows_checked as bigint) as rows_checked,
    cast(rule_counts.rows_failed as bigint) as rows_failed,
    cast(
        case
            when rule_counts.rows_checked > 0
                then 1.0 * rule_counts.rows_failed / rule_counts.rows_checked
        end
        as decimal(9, 6)
    ) as failure_rate
from rule_counts
left join validation_rules
    on rule_counts.rule_id = validation_rules.rule_id
left join submissions
    on rule_counts.submission_id = submissions.submission_id
