-- One row per unique event of each council's latest submission covering the
-- reporting period (regime a of shared/reference/salt_ascof_rules.md §2.2,
-- int_submissions_selected.is_latest_covering), for the outputs that read one
-- file per council (LTS001, LTS003, LTS004, 2E, 3D). Copies of an event inside
-- the file collapse to one (cld_event_key, cld_event_copy_order). Rows without
-- a person identifier are left out.
-- Stored, not a view: the long-term services, carers' support and reviews each
-- re-derived it at national scale (scripts/benchmark.py). Stored council by
-- council (int_council_inputs_keyed): a resubmission rebuilds only its council.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
with latest_submissions as (
    select submission_id
    from {{ ref('int_submissions_selected') }}
    where is_latest_covering
),

-- The person as the latest file's extract finds it (var person_id_scope,
-- int_events_identified): person_id, else latest_file_person_id.
latest_rows as (
    select
        identified_rows.*,
        coalesce(identified_rows.person_id, identified_rows.latest_file_person_id)
            as latest_person_id
    from {{ ref('int_events_identified') }} as identified_rows
    inner join latest_submissions
        on identified_rows.submission_id = latest_submissions.submission_id
    where {{ is_partition_unbuilt('identified_rows.la_code') }}
),

keyed_rows as (
    select
        *,
        {{ cld_event_key('latest_person_id') }} as event_key
    from latest_rows
    where
        latest_person_id is not null
        and event_type_code is not null
),

copies as (
    select
        *,
        row_number() over (
            partition by event_key order by {{ cld_event_copy_order() }}
        ) as copy_rank
    from keyed_rows
)

select
    {{ dbt.hash('event_key') }} as event_id,
    la_code,
    council_input_key,
    latest_person_id as person_id,
    client_type_code,
    event_type_code,
    event_start_date,
    event_end_date,
    event_outcome_code,
    request_route_of_access_code,
    assessment_type_code,
    service_type_code,
    service_component_code,
    delivery_mechanism_code,
    review_reason_code,
    method_of_review_code,
    unit_cost,
    cost_frequency_unit_type_code,
    planned_units_per_week,
    gender_code,
    ethnicity_code,
    primary_support_reason_code,
    has_unpaid_carer_code,
    accommodation_status_code,
    employment_status_code,
    date_of_death,
    proxy_date_of_birth,
    submission_id,
    line_number
from copies
where copy_rank = 1
