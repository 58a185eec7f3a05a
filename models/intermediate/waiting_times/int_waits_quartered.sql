-- One row per wait and per request still waiting at a quarter end, in the
-- quarters of the reporting period (int_reporting_quarters), with its council,
-- age band and metric (wait to first response, wait to first service): the
-- rows waiting_times counts and takes percentiles of, for each council, region
-- and England.
-- A wait belongs to the quarter in which its response (or service) starts and
-- to the age band at that event. Still waiting at a quarter end: counted
-- requests started on or before it, waiting at most var
-- waiting_times_max_open_days days, whose response (or service) had not started
-- by then; for the service metric, requests whose first response was an
-- assessment that ended the journey without a service stop waiting when that
-- assessment starts. They are banded by age at the request start.
-- A table, not the folder's view: waiting_times counts each row for three
-- kinds of area, and on Spark the inlined view made a plan too large for the
-- driver.
{{ config(materialized='table') }}
{%- set max_open_days = var('waiting_times_max_open_days') %}

with requests_waited as (
    select
        request_event_id,
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

quarters as (
    select
        quarter_start_date,
        quarter_end_date
    from {{ ref('int_reporting_quarters') }}
),

response_waits as (
    select
        requests_waited.request_event_id,
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
        requests_waited.request_event_id,
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
        request_event_id,
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
        request_event_id,
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
)

select
    request_event_id,
    la_code,
    quarter_start_date,
    quarter_end_date,
    age_band,
    metric,
    wait_days,
    waited_so_far_days
from waits_and_open_requests
