-- Stored council by council (int_council_inputs_keyed), not rebuilt whole: a
-- copy of every event, it was the slowest step of a one-council refresh (9 s
-- of 63 s at national scale). Still a table for analysts, with the council's
-- key as one more column (on Spark la_code, the partition, comes last).
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
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
        review_outcomes_achieved_code,
        method_of_review_code,
        proxy_date_of_birth,
        submission_id,
        line_number,
        received_date,
        first_received_date,
        version_count,
        is_closed_later
    from {{ ref('int_events_deduplicated') }}
    where {{ is_partition_unbuilt('la_code') }}
),

events_final as (
    select
        event_id,
        {{ cld_person_key('la_code', 'person_id') }} as person_key,
        la_code,
        client_type_code,
        event_type_code,
        event_start_date,
        event_end_date,
        event_end_date is null as is_open,
        event_outcome_code,
        request_route_of_access_code,
        assessment_type_code,
        eligible_needs_identified_code,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        review_reason_code,
        review_outcomes_achieved_code,
        method_of_review_code,
        {{ age_in_years('proxy_date_of_birth', 'event_start_date') }}
            as age_at_event_start,
        {{ age_band(age_in_years('proxy_date_of_birth', 'event_start_date')) }}
            as age_band_at_event_start,
        submission_id,
        line_number,
        received_date,
        first_received_date,
        version_count,
        is_closed_later
    from events
),

{{ select_with_council_input_key('events_final') }}
