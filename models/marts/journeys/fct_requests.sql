-- The closed and open clusters with their sequels (NULL while open).
with sequels as (
    select
        request_cluster_id,
        la_code,
        person_id,
        cluster_number,
        cluster_start_date,
        cluster_end_date,
        request_count,
        closing_event_id,
        event_outcome_code,
        request_route_of_access_code,
        is_new_client,
        is_in_period,
        age_at_period_end,
        record_type,
        sequel_service_type_code,
        sequel_outcome_code,
        sequel
    from {{ ref('int_request_sequels') }}
)

select
    request_cluster_id,
    {{ cld_person_key('la_code', 'person_id') }} as person_key,
    la_code,
    cluster_number,
    cluster_start_date,
    cluster_end_date,
    request_count,
    closing_event_id,
    event_outcome_code,
    request_route_of_access_code,
    is_new_client,
    is_in_period,
    age_at_period_end,
    {{ working_age_band('age_at_period_end') }} as working_age_band_at_period_end,
    record_type,
    sequel_service_type_code,
    sequel_outcome_code,
    sequel
from sequels
