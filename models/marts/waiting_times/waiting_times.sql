-- One row per council, quarter of the reporting period, age band and metric
-- (wait to first response, wait to first service) with waits or requests still
-- waiting: DHSC's waiting-times measures (shared/reference/dhsc_pipeline.md §5)
-- from int_requests_waited, plus the 75th and 90th percentiles and the requests
-- still waiting at the quarter end.
-- A wait belongs to the quarter in which its response (or service) starts and
-- to the age band at that event. Still waiting at a quarter end: counted
-- requests started on or before it, waiting at most var
-- waiting_times_max_open_days days, whose response (or service) had not started
-- by then; for the service metric, requests whose first response was an
-- assessment that ended the journey without a service stop waiting when that
-- assessment starts. They are banded by age at the request start.
-- Quarters: the financial quarters lying wholly inside the reporting period.
{%- set max_open_days = var('waiting_times_max_open_days') %}

with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

requests_waited as (
    select
        la_code,
        request_start_date,
        age_band_at_request_start,
        first_response_start_date,
        first_response_age_band,
        first_service_start_date,
        first_service_age_band,
        wait_to_first_response_days,
        wait_to_first_service_days,
        is_ended_without_service
    from {{ ref('int_requests_waited') }}
    where is_counted
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
),

response_waits as (
    select
        requests_waited.la_code,
        quarters.quarter_start_date,
        quarters.quarter_end_date,
        requests_waited.first_response_age_band as age_band,
        'Wait to first response' as metric,
        requests_waited.wait_to_first_response_days as wait_days,
        cast(null as int) as waited_so_far_days
    from requests_waited
    inner join quarters
        on
            requests_waited.first_response_start_date
            between quarters.quarter_start_date and quarters.quarter_end_date
),

service_waits as (
    select
        requests_waited.la_code,
        quarters.quarter_start_date,
        quarters.quarter_end_date,
        requests_waited.first_service_age_band as age_band,
        'Wait to first service' as metric,
        requests_waited.wait_to_first_service_days as wait_days,
        cast(null as int) as waited_so_far_days
    from requests_waited
    inner join quarters
        on
            requests_waited.first_service_start_date
            between quarters.quarter_start_date and quarters.quarter_end_date
),

-- Counted requests open at each quarter end and not yet treated as lost.
requests_open_at_quarter_ends as (
    select
        requests_waited.*,
        quarters.quarter_start_date,
        quarters.quarter_end_date,
        cast({{ dbt.datediff(
            'requests_waited.request_start_date', 'quarters.quarter_end_date', 'day'
        ) }} as int) as waited_so_far_days
    from requests_waited
    inner join quarters
        on requests_waited.request_start_date <= quarters.quarter_end_date
),

requests_recent_at_quarter_ends as (
    select *
    from requests_open_at_quarter_ends
    where waited_so_far_days <= {{ max_open_days }}
),

still_waiting_for_response as (
    select
        la_code,
        quarter_start_date,
        quarter_end_date,
        age_band_at_request_start as age_band,
        'Wait to first response' as metric,
        cast(null as int) as wait_days,
        waited_so_far_days
    from requests_recent_at_quarter_ends
    where
        first_response_start_date is null
        or first_response_start_date > quarter_end_date
),

still_waiting_for_service as (
    select
        la_code,
        quarter_start_date,
        quarter_end_date,
        age_band_at_request_start as age_band,
        'Wait to first service' as metric,
        cast(null as int) as wait_days,
        waited_so_far_days
    from requests_recent_at_quarter_ends
    where
        (
            first_service_start_date is null
            or first_service_start_date > quarter_end_date
        )
        and not (
            is_ended_without_service
            and first_response_start_date <= quarter_end_date
        )
),

waits_and_open_requests as (
    select * from response_waits
    union all
    select * from service_waits
    union all
    select * from still_waiting_for_response
    union all
    select * from still_waiting_for_service
),

-- Percentiles ignore NULLs, so each measure sees only its own rows; rounded to
-- 2 decimals so that floating-point noise does not differ between engines.
measures as (
    select
        la_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric,
        cast(count(wait_days) as bigint) as waits_count,
        {% for percentile, column_name in [
            (0.5, 'median_wait_days'),
            (0.75, 'p75_wait_days'),
            (0.9, 'p90_wait_days')] %}
            cast(round(
                percentile_cont({{ percentile }}) within group (order by wait_days), 2
            ) as double) as {{ column_name }},
        {% endfor %}
        cast(count(waited_so_far_days) as bigint) as still_waiting_count,
        cast(round(
            percentile_cont(0.5) within group (order by waited_so_far_days), 2
        ) as double) as still_waiting_median_days
    from waits_and_open_requests
    group by 1, 2, 3, 4, 5
),

-- The table's fixed cells (macro council_cells_filled): every quarter, age
-- band of the cohort (25 and over) and metric.
age_bands as (
    {{ literal_values('age_band', ['25 to 64', '65 and above']) }}
),

metrics as (
    {{ literal_values('metric', ['Wait to first response', 'Wait to first service']) }}
),

template_cells as (
    select
        quarters.quarter_start_date,
        quarters.quarter_end_date,
        age_bands.age_band,
        metrics.metric
    from quarters
    cross join age_bands
    cross join metrics
),

{{ council_cells_filled(
    'measures',
    'template_cells',
    ['quarter_start_date', 'quarter_end_date', 'age_band', 'metric'],
    ['waits_count', 'still_waiting_count'],
    ['median_wait_days', 'p75_wait_days', 'p90_wait_days', 'still_waiting_median_days']
) }}

select
    la_code,
    quarter_start_date,
    quarter_end_date,
    age_band,
    metric,
    cast(waits_count as bigint) as waits_count,
    median_wait_days,
    p75_wait_days,
    p90_wait_days,
    cast(still_waiting_count as bigint) as still_waiting_count,
    still_waiting_median_days
from cells_filled
