-- Per submission, module and field: how many rows are valid, blank, failed blank,
-- failed invalid or old-release, by whether the field is mandatory, applicable or
-- not applicable on the row (the national DQ page's counts, shared/reference/
-- dhsc_pipeline.md §4.1; counted per file in int_field_validity_counted),
-- with each row's share, plus an England total over each council's latest file.
with field_checks as (
    select
        submission_id,
        module,
        field_name,
        field_status,
        field_validity,
        row_count
    from {{ ref('int_field_validity_counted') }}
),

submissions as (
    select
        submission_id,
        la_code,
        is_latest_loaded
    from {{ ref('dim_submissions') }}
    where status = 'loaded'
),

england_counts as (
    select
        field_checks.module,
        field_checks.field_name,
        field_checks.field_status,
        field_checks.field_validity,
        sum(field_checks.row_count) as row_count
    from field_checks
    inner join submissions
        on field_checks.submission_id = submissions.submission_id
    where submissions.is_latest_loaded
    group by 1, 2, 3, 4
),

england_shares as (
    select
        module,
        field_name,
        field_status,
        field_validity,
        row_count,
        row_count / sum(row_count) over (partition by field_name) as share_of_rows
    from england_counts
),

submission_shares as (
    select
        field_checks.submission_id,
        submissions.la_code,
        coalesce(submissions.is_latest_loaded, false) as is_latest_loaded,
        field_checks.module,
        field_checks.field_name,
        field_checks.field_status,
        field_checks.field_validity,
        field_checks.row_count,
        field_checks.row_count / sum(field_checks.row_count) over (
            partition by field_checks.submission_id, field_checks.field_name
        ) as share_of_rows
    from field_checks
    left join submissions
        on field_checks.submission_id = submissions.submission_id
),

combined as (
    select
        submission_shares.submission_id,
        submission_shares.la_code,
        submission_shares.is_latest_loaded,
        false as is_england_total,
        submission_shares.module,
        submission_shares.field_name,
        submission_shares.field_status,
        submission_shares.field_validity,
        submission_shares.row_count,
        submission_shares.share_of_rows,
        coalesce(england_shares.share_of_rows, 0) as england_share_of_rows
    from submission_shares
    left join england_shares
        on
            submission_shares.field_name = england_shares.field_name
            and submission_shares.field_status = england_shares.field_status
            and submission_shares.field_validity = england_shares.field_validity

    union all

    select
        cast(null as {{ dbt.type_string() }}) as submission_id,
        cast(null as {{ dbt.type_string() }}) as la_code,
        false as is_latest_loaded,
        true as is_england_total,
        module,
        field_name,
        field_status,
        field_validity,
        row_count,
        share_of_rows,
        share_of_rows as england_share_of_rows
    from england_shares
)

select
    concat(
        coalesce(submission_id, 'England'), ':', field_name, ':', field_status, ':',
        field_validity
    ) as field_completeness_id,
    submission_id,
    la_code,
    is_latest_loaded,
    is_england_total,
    module,
    field_name,
    field_status,
    field_validity,
    cast(row_count as bigint) as row_count,
    cast(share_of_rows as double) as share_of_rows,
    cast(england_share_of_rows as double) as england_share_of_rows
from combined
