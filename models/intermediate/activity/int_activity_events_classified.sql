-- One row per unique event (int_events_deduplicated, the whole history) and
-- activity it counts in: its event type's (requests, assessments, services,
-- reviews) and, for an unpaid carer's event that says what support the carer
-- had, also carers (macro carer_support_provided). Each row carries the
-- window the activity series count it in (start to end; open: to the end of
-- time), the activity's own details as codes (detail_1 to detail_3, named in
-- int_activity_counted), the long-term-support flag and the person's
-- attributes as submitted on the event (ethnicity as DHSC's group, ages at the
-- event start), for the standard breakdowns:
-- requests: route of access, outcome; assessments: type, outcome, eligible
-- needs; services: service type, component, delivery mechanism; reviews:
-- review type (Planned, Unplanned, Review of short term support: labels),
-- outcome, reason;
-- carers: support provided.
-- is_long_term_support (DHSC's LTS_Flag, dhsc_pipeline.md §6.2): a request,
-- assessment or review starting within one of the person's long-term services
-- at the council (start to end inclusive, or open); NULL for services and on
-- carers' rows.
-- Stored council by council (int_council_inputs_keyed), like its input.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
{%- set open_end = "cast('9999-12-31' as date)" %}

with events as (
    select
        event_id,
        la_code,
        person_id,
        client_type_code,
        event_type_code,
        event_start_date,
        event_end_date,
        event_outcome_code,
        request_route_of_access_code,
        assessment_type_code,
        eligible_needs_identified_code,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        review_reason_code,
        gender_code,
        ethnicity_code,
        primary_support_reason_code,
        proxy_date_of_birth
    from {{ ref('int_events_deduplicated') }}
    where
        event_start_date is not null
        and {{ is_partition_unbuilt('la_code') }}
),

long_term_services as (
    select
        la_code,
        person_id,
        event_start_date as service_start_date,
        coalesce(event_end_date, {{ open_end }}) as service_end_date
    from events
    where
        service_type_code in (
            'lt_nursing_care', 'lt_residential_care', 'lt_community', 'lt_prison'
        )
),

events_within_long_term_support as (
    select events.event_id
    from events
    inner join long_term_services
        on
            events.la_code = long_term_services.la_code
            and events.person_id = long_term_services.person_id
            and events.event_start_date >= long_term_services.service_start_date
            and events.event_start_date <= long_term_services.service_end_date
    where events.event_type_code in ('request', 'assessment', 'review')
    group by 1
),

events_flagged as (
    select
        events.*,
        case
            when events.event_type_code = 'service' then null
            else events_within_long_term_support.event_id is not null
        end as is_long_term_support,
        {{ age_band(age_in_years('events.proxy_date_of_birth',
            'events.event_start_date')) }} as age_band,
        {{ working_age_band(age_in_years('events.proxy_date_of_birth',
            'events.event_start_date')) }} as working_age_band,
        {{ carer_support_provided() }} as carer_support_provided,
        case
            when events.ethnicity_code like 'white%' then 'White'
            when events.ethnicity_code like 'mixed%'
                then 'Mixed or multiple ethnic groups'
            when events.ethnicity_code like 'asian%' then 'Asian or Asian British'
            when events.ethnicity_code like 'black%'
                then 'Black, Black British, Caribbean or African'
            when events.ethnicity_code like 'other%' then 'Other ethnic group'
            when events.ethnicity_code in ('refused', 'undeclared_or_not_known')
                then 'No data'
        end as ethnicity_group
    from events
    left join events_within_long_term_support
        on events.event_id = events_within_long_term_support.event_id
),

activities as (
    select
        event_id,
        la_code,
        person_id,
        concat(event_type_code, 's') as activity,
        event_start_date,
        event_end_date,
        case event_type_code
            when 'request' then request_route_of_access_code
            when 'assessment' then assessment_type_code
            when 'service' then service_type_code
            when 'review' then case
                when review_reason_code = 'planned' then 'Planned'
                when review_reason_code like 'unplanned%' then 'Unplanned'
                when review_reason_code = 'review_of_short_term_support'
                    then 'Review of short term support'
            end
        end as detail_1_code,
        case event_type_code
            when 'service' then service_component_code
            else event_outcome_code
        end as detail_2_code,
        case event_type_code
            when 'assessment' then eligible_needs_identified_code
            when 'service' then delivery_mechanism_code
            when 'review' then review_reason_code
        end as detail_3_code,
        is_long_term_support,
        client_type_code,
        age_band,
        working_age_band,
        gender_code,
        ethnicity_group,
        primary_support_reason_code
    from events_flagged
    where event_type_code in ('request', 'assessment', 'service', 'review')

    union all

    select
        event_id,
        la_code,
        person_id,
        'carers' as activity,
        event_start_date,
        event_end_date,
        carer_support_provided as detail_1_code,
        cast(null as {{ dbt.type_string() }}) as detail_2_code,
        cast(null as {{ dbt.type_string() }}) as detail_3_code,
        cast(null as boolean) as is_long_term_support,
        client_type_code,
        age_band,
        working_age_band,
        gender_code,
        ethnicity_group,
        primary_support_reason_code
    from events_flagged
    where
        client_type_code in ('carer', 'carer_known_by_association')
        and carer_support_provided is not null
),

{{ select_with_council_input_key('activities') }}
