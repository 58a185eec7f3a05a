-- Every long-term support service of a service user (nursing, residential,
-- community, prison) with its place in SALT's setting hierarchy (seed
-- salt_lts_settings; shared/reference/salt_ascof_rules.md §4.7): nursing >
-- residential > community by delivery mechanism (direct payment > managed
-- personal budget > commissioned support > not known) > prison (managed
-- budget > commissioned > not known). The delivery mechanism is kept only
-- where the pair is in the hierarchy (nursing and residential never carry one;
-- prison with a direct payment is not known). A community service whose
-- component is Direct Payment counts as a direct payment (the 3D rule, §4.7),
-- also for SALT's tables: decision documented in fct_service_episodes.
-- The rows are each council's latest submission covering the period (regime a
-- of §2.2, as NHS England's LTS001, LTS004, 2E and 3D scripts read them).
with services as (
    select
        event_id,
        la_code,
        person_id,
        event_start_date,
        event_end_date,
        event_outcome_code,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        primary_support_reason_code,
        gender_code,
        ethnicity_code,
        has_unpaid_carer_code,
        accommodation_status_code,
        employment_status_code,
        date_of_death,
        proxy_date_of_birth,
        submission_id,
        line_number
    from {{ ref('int_events_latest_submission') }}
    where client_type_code = 'service_user' and {{ is_long_term_support_row() }}
),

settings as (
    select
        service_type_code,
        delivery_mechanism_key,
        setting_rank,
        salt_setting,
        broad_setting
    from {{ ref('salt_lts_settings') }}
),

keyed as (
    select
        *,
        case
            when
                service_type_code = 'lt_community'
                and service_component_code = 'direct_payment'
                then 'direct_payment'
            else coalesce(delivery_mechanism_code, 'none')
        end as delivery_mechanism_key
    from services
)

select
    keyed.event_id,
    keyed.la_code,
    keyed.person_id,
    keyed.event_start_date,
    keyed.event_end_date,
    keyed.event_outcome_code,
    keyed.service_type_code,
    keyed.service_component_code,
    keyed.delivery_mechanism_code,
    case
        when exact_setting.setting_rank is not null then keyed.delivery_mechanism_key
    end as cleaned_delivery_mechanism_code,
    coalesce(exact_setting.setting_rank, type_setting.setting_rank) as setting_rank,
    coalesce(exact_setting.salt_setting, type_setting.salt_setting) as salt_setting,
    coalesce(exact_setting.broad_setting, type_setting.broad_setting) as broad_setting,
    keyed.primary_support_reason_code,
    keyed.gender_code,
    keyed.ethnicity_code,
    keyed.has_unpaid_carer_code,
    keyed.accommodation_status_code,
    keyed.employment_status_code,
    keyed.date_of_death,
    keyed.proxy_date_of_birth,
    keyed.submission_id,
    keyed.line_number
from keyed
left join settings as exact_setting
    on
        keyed.service_type_code = exact_setting.service_type_code
        and keyed.delivery_mechanism_key = exact_setting.delivery_mechanism_key
        and keyed.delivery_mechanism_key <> 'none'
left join settings as type_setting
    on
        keyed.service_type_code = type_setting.service_type_code
        and type_setting.delivery_mechanism_key = 'none'
