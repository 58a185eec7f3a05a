-- No request, ST-Max or long-term service is lost or double-counted by the
-- islands: each cluster kind's member counts add up to the events it is built
-- from (long-term services: those of each council's latest submission
-- covering the period, int_long_term_services_ranked; requests without a birth
-- date only where var rows_without_birth_date keeps them). Returns the kinds
-- whose totals disagree.
with events as (
    select
        sum(case
            when
                event_type_code = 'request'
                and {{ is_birth_date_acceptable('proxy_date_of_birth') }}
                then 1
            else 0
        end) as requests,
        sum(case when service_type_code = 'st_max' then 1 else 0 end)
            as st_max_services
    from {{ ref('int_events_deduplicated') }}
    where
        client_type_code = 'service_user'
        and event_start_date is not null
        and (event_type_code = 'request' or event_type_code = 'service')
),

long_term_services as (
    select count(*) as long_term_services
    from {{ ref('int_long_term_services_ranked') }}
    where event_start_date is not null
),

clustered as (
    select
        'requests' as cluster_kind,
        coalesce(sum(request_count), 0) as clustered_events
    from {{ ref('int_request_clusters') }}

    union all

    select
        'st_max_services' as cluster_kind,
        coalesce(sum(service_count), 0) as clustered_events
    from {{ ref('int_st_max_clusters') }}

    union all

    select
        'long_term_services' as cluster_kind,
        coalesce(sum(service_count), 0) as clustered_events
    from {{ ref('int_service_episodes_chained') }}
)

select
    clustered.cluster_kind,
    clustered.clustered_events,
    case clustered.cluster_kind
        when 'requests' then events.requests
        when 'st_max_services' then events.st_max_services
        else long_term_services.long_term_services
    end as source_events
from clustered
cross join events
cross join long_term_services
where
    clustered.clustered_events
    <> case clustered.cluster_kind
        when 'requests' then events.requests
        when 'st_max_services' then events.st_max_services
        else long_term_services.long_term_services
    end
