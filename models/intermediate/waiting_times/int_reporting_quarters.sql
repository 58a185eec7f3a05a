-- One row per financial quarter lying wholly inside the reporting period
-- (int_reporting_periods): the quarters waiting_times reports.
-- A table, not the folder's view: on Spark, dbt-spark's date macros expand the
-- quarter arithmetic into a very large plan, so it is planned once here.
{{ config(materialized='table') }}

with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

quarter_numbers as (
    {{ integer_sequence(20, 'quarter_number') }}
),

quarter_starts as (
    select
        reporting_periods.period_start_date,
        reporting_periods.period_end_date,
        cast({{ dbt.dateadd(
            'month',
            '3 * (quarter_numbers.quarter_number - 1)',
            'cast(' ~ dbt.date_trunc('quarter', 'reporting_periods.period_start_date')
            ~ ' as date)'
        ) }} as date) as quarter_start_date
    from reporting_periods
    cross join quarter_numbers
),

quarter_spans as (
    select
        period_start_date,
        period_end_date,
        quarter_start_date,
        cast({{ dbt.dateadd(
            'day', -1, dbt.dateadd('month', 3, 'quarter_start_date')
        ) }} as date) as quarter_end_date
    from quarter_starts
),

quarters as (
    select
        quarter_start_date,
        quarter_end_date
    from quarter_spans
    where
        quarter_start_date >= period_start_date
        and quarter_end_date <= period_end_date
)

select
    quarter_start_date,
    quarter_end_date
from quarters
