-- The closed and open clusters with their sequels (NULL while open).
with sequels as (
    select
        st_max_episode_id,
        la_code,
        person_id,
        cluster_number,
        cluster_start_date,
        cluster_end_date,
        service_count,
        event_outcome_code,
        follows_new_client_request,
        is_existing_client,
        is_in_period,
        age_at_period_end,
        record_type,
        sequel_service_type_code,
        sequel_outcome_code,
        sequel
    from {{ ref('int_st_max_sequels') }}
)

select
    st_max_episode_id,
    {{ cld_person_key('la_code', 'person_id') }} as person_key,
    la_code,
    cluster_number,
    cluster_start_date,
    cluster_end_date,
    service_count,
    event_outcome_code,
    follows_new_client_request,
    is_existing_client,
    is_in_period,
    age_at_period_end,
    {{ working_age_band('age_at_period_end') }} as working_age_band_at_period_end,
    record_type,
    sequel_service_type_code,
    sequel_outcome_code,
    sequel
from sequels
