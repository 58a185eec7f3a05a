-- The period each submission's data actually covers, by DHSC's method (V1,
-- shared/reference/dhsc_pipeline.md §1.2): months of event end dates before the
-- month the file was received; a month counts when it holds at least 2% of
-- those dated rows and nearly every event type seen in the busiest month, or
-- always when the file has fewer than 100 dated rows. Gaps are allowed.
with dated_rows as (
    select
        submission_id,
        cast({{ dbt.date_trunc('month', 'event_end_date') }} as date) as end_month,
        event_type_raw
    from {{ ref('stg_cld__submission_rows') }}
    where
        event_end_date is not null
        and event_end_date
        < cast({{ dbt.date_trunc('month', 'received_date') }} as date)
),

monthly_counts as (
    select
        submission_id,
        end_month,
        count(*) as dated_rows,
        count(distinct event_type_raw) as event_types
    from dated_rows
    group by 1, 2
),

months_with_totals as (
    select
        submission_id,
        end_month,
        dated_rows,
        event_types,
        sum(dated_rows) over (partition by submission_id) as file_dated_rows,
        max(event_types) over (partition by submission_id) as file_max_event_types
    from monthly_counts
),

qualifying_months as (
    select
        submission_id,
        end_month,
        file_dated_rows
    from months_with_totals
    where
        file_dated_rows < {{ var('derived_period_min_dated_rows') }}
        or (
            dated_rows >= {{ var('derived_period_min_month_share') }} * file_dated_rows
            and event_types >= file_max_event_types - 1
        )
)

select
    submission_id,
    min(end_month) as derived_period_start_date,
    cast({{ dbt.last_day('max(end_month)', 'month') }} as date)
        as derived_period_end_date,
    cast(max(file_dated_rows) as bigint) as dated_rows
from qualifying_months
group by 1
