-- One row per request cluster of a service user: requests of one person and
-- council whose start is at most 4 days after the latest end of the earlier
-- requests of the cluster (shared/reference/salt_ascof_rules.md §2.7). The
-- cluster runs from the first start to the latest end (NULL while a request is
-- open); its outcome and route of access come from the request(s) ending last,
-- the outcome tie-break of seed salt_event_outcomes choosing among them (lower
-- rank wins, unranked outcomes last; NULL-safe, so a NULL route or outcome
-- never drops a cluster, unlike NHS England's script, §8.B #1).
-- is_in_period: the cluster END falls in the reporting period (the principles;
-- the script instead tests each request's end, §8.A #5). New client: no
-- long-term support service of the person and council is running on the
-- cluster's start day, both ends inclusive (§2.5).
-- A table, not the folder's view: its tests and children each re-derived the
-- view at national scale (about 1.5 minutes a reader, scripts/benchmark.py).
{{ config(materialized='table') }}
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

events as (
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
        service_type_code,
        proxy_date_of_birth
    from {{ ref('int_events_deduplicated') }}
    where client_type_code = 'service_user'
),

requests as (
    select *
    from events
    where event_type_code = 'request' and event_start_date is not null
),

request_islands as (
    {{ cld_islands('requests', 'la_code, person_id', 4, 'event_id') }}
),

outcome_ranks as (
    select
        event_outcome_code,
        outcome_rank
    from {{ ref('salt_event_outcomes') }}
),

clusters as (
    select
        la_code,
        person_id,
        island_number,
        min(event_start_date) as cluster_start_date,
        case
            when count(event_end_date) = count(*) then max(event_end_date)
        end as cluster_end_date,
        max(proxy_date_of_birth) as proxy_date_of_birth,
        cast(count(*) as bigint) as request_count
    from request_islands
    group by 1, 2, 3
),

-- The request that gives the cluster its outcome and route of access.
closing_requests as (
    select
        request_islands.la_code,
        request_islands.person_id,
        request_islands.island_number,
        request_islands.event_id,
        request_islands.event_outcome_code,
        request_islands.request_route_of_access_code,
        row_number() over (
            partition by
                request_islands.la_code,
                request_islands.person_id,
                request_islands.island_number
            order by
                case when request_islands.event_end_date is null then 0 else 1 end,
                request_islands.event_end_date desc,
                coalesce(outcome_ranks.outcome_rank, 99),
                request_islands.event_outcome_code asc,
                request_islands.event_id asc
        ) as closing_rank
    from request_islands
    left join outcome_ranks
        on request_islands.event_outcome_code = outcome_ranks.event_outcome_code
),

long_term_services as (
    select
        la_code,
        person_id,
        event_start_date,
        event_end_date
    from events
    where
        event_type_code = 'service'
        and service_type_code in (
            'lt_nursing_care', 'lt_residential_care', 'lt_community', 'lt_prison'
        )
),

existing_clients as (
    select
        clusters.la_code,
        clusters.person_id,
        clusters.island_number
    from clusters
    inner join long_term_services
        on
            clusters.la_code = long_term_services.la_code
            and clusters.person_id = long_term_services.person_id
            and clusters.cluster_start_date >= long_term_services.event_start_date
            and coalesce(
                clusters.cluster_start_date <= long_term_services.event_end_date, true
            )
    group by 1, 2, 3
)

select
    {{ dbt.hash(dbt.concat([
        'clusters.la_code', "'|'", 'clusters.person_id', "'|'",
        'cast(clusters.cluster_start_date as ' ~ dbt.type_string() ~ ')', "'|'",
        'cast(clusters.island_number as ' ~ dbt.type_string() ~ ')'])) }}
        as request_cluster_id,
    clusters.la_code,
    clusters.person_id,
    cast(clusters.island_number as bigint) as cluster_number,
    clusters.cluster_start_date,
    clusters.cluster_end_date,
    clusters.request_count,
    closing_requests.event_id as closing_event_id,
    closing_requests.event_outcome_code,
    closing_requests.request_route_of_access_code,
    existing_clients.person_id is null as is_new_client,
    coalesce(
        clusters.cluster_end_date between reporting_periods.period_start_date
        and reporting_periods.period_end_date,
        false
    ) as is_in_period,
    {{ age_in_years(
        'clusters.proxy_date_of_birth', 'reporting_periods.period_end_date'
    ) }}
        as age_at_period_end
from clusters
cross join reporting_periods
inner join closing_requests
    on
        clusters.la_code = closing_requests.la_code
        and clusters.person_id = closing_requests.person_id
        and clusters.island_number = closing_requests.island_number
        and closing_requests.closing_rank = 1
left join existing_clients
    on
        clusters.la_code = existing_clients.la_code
        and clusters.person_id = existing_clients.person_id
        and clusters.island_number = existing_clients.island_number
