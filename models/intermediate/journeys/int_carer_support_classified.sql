-- Each event of a carer (client type Carer or Carer known by association) that
-- says what support the carer had, with its SALT LTS003 "support provided"
-- category and the ASCOF 3D variant (shared/reference/salt_ascof_rules.md
-- §4.10): direct payment, managed personal budget, commissioned support or
-- unknown mechanism for support direct to the carer; no direct support for
-- support involving the cared-for person and for assessments and reviews
-- without information and advice; information, advice and signposting for
-- requests and for assessments or reviews ending that way. support_rank is the
-- carer hierarchy (lower wins). The 3D variant also treats a Direct Payment
-- component as a direct payment; unlike NHS England's script it does not drop
-- direct-to-carer rows with no component (NULL-safe, §8.B #8). Rows come from
-- each council's latest submission covering the period (regime a, §2.2).

with carer_events as (
    select
        event_id,
        la_code,
        person_id,
        client_type_code,
        event_type_code,
        event_start_date,
        event_end_date,
        event_outcome_code,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        proxy_date_of_birth,
        date_of_death
    from {{ ref('int_events_latest_submission') }}
    where
        client_type_code in ('carer', 'carer_known_by_association')
        and event_type_code in ('request', 'assessment', 'review', 'service')
        and (
            (
                service_type_code is null
                and event_outcome_code = 'nfa_information_advice_signposting'
            )
            or service_type_code in (
                'carer_support_direct_to_carer', 'carer_support_involving_cared_for'
            )
            or (
                event_type_code in ('assessment', 'review')
                and service_type_code is null
            )
        )
),

classified as (
    select
        *,
        {{ carer_support_provided() }} as support_provided
    from carer_events
),

classified_for_3d as (
    select
        *,
        case
            when
                service_type_code = 'carer_support_direct_to_carer'
                and service_component_code = 'direct_payment'
                then 'Direct Payment only'
            else support_provided
        end as ascof_3d_support_provided
    from classified
)

select
    event_id,
    la_code,
    person_id,
    client_type_code,
    event_type_code,
    event_start_date,
    event_end_date,
    proxy_date_of_birth,
    date_of_death,
    support_provided,
    {{ carer_support_category_rank('support_provided') }} as support_rank,
    ascof_3d_support_provided,
    {{ carer_support_category_rank('ascof_3d_support_provided') }}
        as ascof_3d_support_rank
from classified_for_3d
where support_provided is not null
