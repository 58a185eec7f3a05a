-- One row per request of a service user starting on or after var
-- waiting_times_start: DHSC's waiting-times cohort and pairing
-- (shared/reference/dhsc_pipeline.md §5, method v1.1), with a flag for each
-- reason a request is left out.
-- Stage 1 (screening): the person is 25 or over at the request start (age from
-- the birth month, var age_method; unknown age is left out), is not an
-- existing client, and the outcome is not NFA, admitted to hospital or blank.
-- Existing client: a service of the person and council that started before
-- the request and is open or ended no earlier than 12 months (long-term
-- support) or 3 months (ST-Max, other short-term) before the request's start.
-- Stage 2 (pairing): the screened requests, short/long-term assessments and
-- the seven long/short-term services of the same person and council
-- (service-user rows, aged 25 or over at their start) are put in one order:
-- start date, then request < assessment < service on the same day, then event
-- id. A request's first response is the next assessment or service after it;
-- its first service is the next service after it, none when the first
-- response is an assessment whose block of consecutive assessments never
-- progresses to a service.
-- Stage 3 (overlap): a request is left out when the first response or first
-- service of any earlier screened request of the person comes after it in the
-- order, i.e. an earlier request's journey is still running (one rule for
-- DHSC's "previous request's follow-up sits after it" and "response or
-- service already claimed by an earlier request" tests).
-- Response and service columns are filled for every screened request, also
-- overlapping ones; the waits only for counted requests (is_counted).
-- Stored, not a view: at national scale (5 million events) the
-- pairing takes 30 to 60 seconds, and the mart and each data test re-derived
-- the view (3.5 minutes for the build, against 1.2 as a table).
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
{%- set waiting_times_start = var('waiting_times_start') %}

with events as (
    select
        event_id,
        la_code,
        person_id,
        event_type_code,
        event_start_date,
        event_end_date,
        event_outcome_code,
        assessment_type_code,
        service_type_code,
        proxy_date_of_birth
    from {{ ref('int_events_deduplicated') }}
    where
        client_type_code = 'service_user'
        and event_start_date is not null
        and {{ is_partition_unbuilt('la_code') }}
),

requests as (
    select
        event_id as request_event_id,
        la_code,
        person_id,
        event_start_date as request_start_date,
        event_outcome_code as request_outcome_code,
        {{ age_in_years('proxy_date_of_birth', 'event_start_date') }}
            as age_at_request_start
    from events
    where
        event_type_code = 'request'
        and event_start_date >= cast('{{ waiting_times_start }}' as date)
),

services as (
    select
        la_code,
        person_id,
        event_start_date,
        event_end_date,
        service_type_code
    from events
    where event_type_code = 'service'
),

-- Requests of people with a service that makes them an existing client.
existing_client_requests as (
    select requests.request_event_id
    from requests
    inner join services
        on
            requests.la_code = services.la_code
            and requests.person_id = services.person_id
            and requests.request_start_date > services.event_start_date
    where
        (
            services.service_type_code in (
                'lt_nursing_care', 'lt_residential_care', 'lt_community', 'lt_prison'
            )
            and coalesce(
                services.event_end_date >= cast(
                    {{ dbt.dateadd('month', -12, 'requests.request_start_date') }}
                    as date
                ),
                true
            )
        )
        or (
            services.service_type_code in ('st_max', 'st_other_short_term')
            and coalesce(
                services.event_end_date >= cast(
                    {{ dbt.dateadd('month', -3, 'requests.request_start_date') }}
                    as date
                ),
                true
            )
        )
    group by 1
),

requests_screened as (
    select
        requests.*,
        coalesce(requests.age_at_request_start < 25, false) as is_under_25,
        requests.age_at_request_start is null as is_age_unknown,
        existing_client_requests.request_event_id is not null as is_existing_client,
        -- NULL (blank or unrecognised) outcomes are left out, as DHSC's NOT IN
        -- does; R2 "NFA: Support ended as planned" is staged as
        -- support_ended_as_planned and DHSC groups it with the NFAs
        (
            requests.request_outcome_code is null
            or substr(requests.request_outcome_code, 1, 4) = 'nfa_'
            or requests.request_outcome_code in (
                'admitted_to_hospital', 'support_ended_as_planned'
            )
        ) as is_outcome_excluded
    from requests
    left join existing_client_requests
        on requests.request_event_id = existing_client_requests.request_event_id
),

paired_requests as (
    select
        request_event_id,
        la_code,
        person_id,
        request_start_date
    from requests_screened
    where
        not (
            is_under_25 or is_age_unknown or is_existing_client or is_outcome_excluded
        )
),

paired_people as (
    select
        la_code,
        person_id
    from paired_requests
    group by 1, 2
),

responses as (
    select
        events.event_id,
        events.la_code,
        events.person_id,
        events.event_type_code,
        events.event_start_date,
        events.service_type_code,
        -- progress to a service: R2 progress to reablement/ST-Max, progress to
        -- support planning or services, continuation of support or services,
        -- and the Release 1 / v4 codes R2 maps to them
        events.event_outcome_code in (
            'progress_to_reablement_st_max',
            'progress_to_support_planning_or_services',
            'continuation_of_support_or_services',
            'no_change_in_package',
            'provision_of_service'
        ) as is_progress,
        {{ age_in_years('events.proxy_date_of_birth', 'events.event_start_date') }}
            as age_at_event_start
    from events
    inner join paired_people
        on
            events.la_code = paired_people.la_code
            and events.person_id = paired_people.person_id
    where
        (
            events.event_type_code = 'assessment'
            and events.assessment_type_code in ('short_term', 'long_term')
        )
        or (
            events.event_type_code = 'service'
            and events.service_type_code in (
                'lt_nursing_care', 'lt_residential_care', 'lt_community',
                'lt_prison', 'st_max', 'st_other_short_term', 'st_ongoing_low_level'
            )
        )
),

sequence_events as (
    select
        request_event_id as event_id,
        la_code,
        person_id,
        'request' as event_type_code,
        request_start_date as event_start_date,
        1 as type_order,
        cast(null as {{ dbt.type_string() }}) as service_type_code,
        false as is_progress,
        cast(null as int) as age_at_event_start
    from paired_requests

    union all

    select
        event_id,
        la_code,
        person_id,
        event_type_code,
        event_start_date,
        case when event_type_code = 'assessment' then 2 else 3 end as type_order,
        service_type_code,
        coalesce(is_progress, false) as is_progress,
        age_at_event_start
    from responses
    where age_at_event_start >= 25
),

sequenced_events as (
    select
        *,
        row_number() over (
            partition by la_code, person_id
            order by event_start_date asc, type_order asc, event_id asc
        ) as event_position
    from sequence_events
),

-- run_number changes at every event that is not an assessment, so consecutive
-- assessments share it (one block); next_*_position look ahead in the order.
sequenced_events_looked_ahead as (
    select
        *,
        sum(case when event_type_code = 'assessment' then 0 else 1 end) over (
            partition by la_code, person_id
            order by event_position
            rows between unbounded preceding and current row
        ) as run_number,
        min(case when event_type_code = 'assessment' then event_position end) over (
            partition by la_code, person_id
            order by event_position
            rows between 1 following and unbounded following
        ) as next_assessment_position,
        min(case when event_type_code = 'service' then event_position end) over (
            partition by la_code, person_id
            order by event_position
            rows between 1 following and unbounded following
        ) as next_service_position
    from sequenced_events
),

sequenced_events_in_blocks as (
    select
        *,
        max(case when is_progress then 1 else 0 end) over (
            partition by la_code, person_id, event_type_code, run_number
        ) = 1 as is_block_progress
    from sequenced_events_looked_ahead
),

request_responses as (
    select
        la_code,
        person_id,
        event_id as request_event_id,
        event_position as request_position,
        next_service_position,
        case
            when next_assessment_position is null then next_service_position
            when next_service_position is null then next_assessment_position
            when next_service_position < next_assessment_position
                then next_service_position
            else next_assessment_position
        end as first_response_position
    from sequenced_events_in_blocks
    where event_type_code = 'request'
),

request_services as (
    select
        request_responses.*,
        first_responses.event_id as first_response_event_id,
        first_responses.event_type_code as first_response_event_type_code,
        first_responses.event_start_date as first_response_start_date,
        first_responses.age_at_event_start as age_at_first_response,
        coalesce(
            first_responses.event_type_code = 'assessment'
            and not first_responses.is_block_progress,
            false
        ) as is_ended_without_service
    from request_responses
    left join sequenced_events_in_blocks as first_responses
        on
            request_responses.la_code = first_responses.la_code
            and request_responses.person_id = first_responses.person_id
            and request_responses.first_response_position
            = first_responses.event_position
),

request_claims as (
    select
        *,
        case
            when not is_ended_without_service then next_service_position
        end as first_service_position
    from request_services
),

request_overlaps as (
    select
        *,
        max(coalesce(first_service_position, first_response_position)) over (
            partition by la_code, person_id
            order by request_position
            rows between unbounded preceding and 1 preceding
        ) as latest_earlier_claim_position
    from request_claims
),

requests_paired as (
    select
        request_overlaps.request_event_id,
        request_overlaps.first_response_event_id,
        request_overlaps.first_response_event_type_code,
        request_overlaps.first_response_start_date,
        request_overlaps.age_at_first_response,
        request_overlaps.is_ended_without_service,
        first_services.event_id as first_service_event_id,
        first_services.service_type_code as first_service_type_code,
        first_services.event_start_date as first_service_start_date,
        first_services.age_at_event_start as age_at_first_service,
        coalesce(
            request_overlaps.latest_earlier_claim_position
            > request_overlaps.request_position,
            false
        ) as is_overlapping
    from request_overlaps
    left join sequenced_events_in_blocks as first_services
        on
            request_overlaps.la_code = first_services.la_code
            and request_overlaps.person_id = first_services.person_id
            and request_overlaps.first_service_position = first_services.event_position
),

requests_waited as (
    select
        requests_screened.request_event_id,
        requests_screened.la_code,
        requests_screened.person_id,
        requests_screened.request_start_date,
        requests_screened.request_outcome_code,
        requests_screened.age_at_request_start,
        requests_paired.first_response_event_id,
        requests_paired.first_response_event_type_code,
        requests_paired.first_response_start_date,
        requests_paired.age_at_first_response,
        requests_paired.first_service_event_id,
        requests_paired.first_service_type_code,
        requests_paired.first_service_start_date,
        requests_paired.age_at_first_service,
        requests_screened.is_under_25,
        requests_screened.is_age_unknown,
        requests_screened.is_existing_client,
        requests_screened.is_outcome_excluded,
        coalesce(requests_paired.is_overlapping, false) as is_overlapping,
        coalesce(requests_paired.is_ended_without_service, false)
            as is_ended_without_service,
        requests_paired.request_event_id is not null
        and not requests_paired.is_overlapping as is_counted
    from requests_screened
    left join requests_paired
        on requests_screened.request_event_id = requests_paired.request_event_id
),

requests_final as (
    select
        request_event_id,
        la_code,
        person_id,
        request_start_date,
        request_outcome_code,
        age_at_request_start,
        first_response_event_id,
        first_response_event_type_code,
        first_response_start_date,
        age_at_first_response,
        first_service_event_id,
        first_service_type_code,
        first_service_start_date,
        age_at_first_service,
        {#- DHSC's working-age band relabelled 25 to 64 (the cohort starts at 25);
            NULL when the age (or the event) is unknown. #}
        {% for age_column, band_column in [
            ('age_at_request_start', 'age_band_at_request_start'),
            ('age_at_first_response', 'first_response_age_band'),
            ('age_at_first_service', 'first_service_age_band')] %}
            case
                when {{ age_column }} < 25 then 'Under 25'
                when {{ age_column }} < 65 then '25 to 64'
                when {{ age_column }} >= 65 then '65 and above'
            end as {{ band_column }},
        {% endfor %}
        case
            when is_counted
                then cast({{ dbt.datediff(
                    'request_start_date', 'first_response_start_date', 'day') }} as int)
        end as wait_to_first_response_days,
        case
            when is_counted
                then cast({{ dbt.datediff(
                    'request_start_date', 'first_service_start_date', 'day') }} as int)
        end as wait_to_first_service_days,
        is_under_25,
        is_age_unknown,
        is_existing_client,
        is_outcome_excluded,
        is_overlapping,
        is_ended_without_service,
        is_counted
    from requests_waited
),

{{ select_with_council_input_key('requests_final') }}
