with people as (
    select
        la_code,
        person_id,
        person_id_source,
        is_service_user,
        is_carer,
        gender_code,
        ethnicity_code,
        primary_support_reason_code,
        has_unpaid_carer_code,
        accommodation_status_code,
        employment_status_code,
        date_of_death,
        age_at_period_end,
        first_event_start_date,
        last_event_start_date,
        submitted_rows
    from {{ ref('int_people_resolved') }}
)

select
    {{ cld_person_key('la_code', 'person_id') }} as person_key,
    person_id,
    la_code,
    person_id_source,
    is_service_user,
    is_carer,
    gender_code,
    ethnicity_code,
    primary_support_reason_code,
    has_unpaid_carer_code,
    accommodation_status_code,
    employment_status_code,
    date_of_death,
    age_at_period_end,
    {{ age_band('age_at_period_end') }} as age_band_at_period_end,
    {{ working_age_band('age_at_period_end') }} as working_age_band_at_period_end,
    first_event_start_date,
    last_event_start_date,
    submitted_rows
from people
