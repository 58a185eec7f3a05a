-- dq_field_completeness counts every staged row exactly once per field: for each
-- loaded submission and field its row counts add up to the rows staged.
-- Returns the submissions and fields that do not reconcile.
with field_totals as (
    select
        submission_id,
        field_name,
        sum(row_count) as rows_counted
    from {{ ref('dq_field_completeness') }}
    where not is_england_total
    group by 1, 2
),

fields as (
    select field_name
    from field_totals
    group by 1
),

expected as (
    select
        submissions.submission_id,
        fields.field_name,
        submissions.rows_staged
    from {{ ref('dim_submissions') }} as submissions
    cross join fields
    where submissions.rows_staged > 0
)

select
    expected.submission_id,
    expected.field_name,
    expected.rows_staged,
    field_totals.rows_counted
from expected
left join field_totals
    on
        expected.submission_id = field_totals.submission_id
        and expected.field_name = field_totals.field_name
where coalesce(field_totals.rows_counted, 0) <> expected.rows_staged
