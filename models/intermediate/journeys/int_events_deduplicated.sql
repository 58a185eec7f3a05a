-- One row per unique event across the whole history (regime b of
-- shared/reference/salt_ascof_rules.md §2.2): rows are the same event when they
-- share council, person, client type, event type, start date and, by type,
-- route of access (requests), assessment type (assessments), service type,
-- component and delivery mechanism (services) or review reason (reviews). The
-- end date is not part of the key, so an open copy and a later closed copy are
-- one event. The version kept is the one in the latest received submission;
-- inside one file, an open copy before a closed one, then the latest end, then
-- the last line. NULLs match NULLs. Rows without a person identifier or an
-- event type (carers known by association) are not events.
-- Stored, not a view: every journey model reads it. Stored council by council
-- (int_council_inputs_keyed): a resubmission rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}

with identified_rows as (
    select *
    from {{ ref('int_events_identified') }}
    where
        person_id is not null
        and event_type_code is not null
        and {{ is_partition_unbuilt('la_code') }}
),

keyed_rows as (
    select
        *,
        {{ cld_event_key() }} as event_key
    from identified_rows
),

versions as (
    select
        *,
        row_number() over (
            partition by event_key
            order by
                received_date desc,
                submission_id desc,
                {{ cld_event_copy_order() }}
        ) as version_rank,
        count(*) over (partition by event_key) as version_count,
        min(received_date) over (partition by event_key) as first_received_date,
        max(case when event_end_date is null then received_date end) over (
            partition by event_key
        ) as last_received_open_date
    from keyed_rows
)

select
    {{ dbt.hash('event_key') }} as event_id,
    la_code,
    council_input_key,
    person_id,
    person_id_source,
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
    gender_code,
    ethnicity_code,
    primary_support_reason_code,
    has_unpaid_carer_code,
    accommodation_status_code,
    employment_status_code,
    date_of_death,
    proxy_date_of_birth,
    adult_1_linked_person_pseudonym,
    adult_2_linked_person_pseudonym,
    adult_3_linked_person_pseudonym,
    submission_id,
    line_number,
    received_date,
    first_received_date,
    cast(version_count as bigint) as version_count,
    -- an earlier file showed the event open and the kept version closes it
    coalesce(
        event_end_date is not null and last_received_open_date < received_date, false
    ) as is_closed_later
from versions
where version_rank = 1
