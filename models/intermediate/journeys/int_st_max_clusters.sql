-- One row per ST-Max (short-term support to maximise independence) cluster of
-- a service user: ST-Max services of one person and council starting at most
-- 1 day after the latest end of the cluster's earlier ones (shared/reference/
-- salt_ascof_rules.md §2.7); end NULL while one is open; outcome from the
-- service(s) ending last with the seed salt_event_outcomes tie-break.
-- follows_new_client_request: the cluster holds the first ST-Max found after
-- the person's latest earlier request cluster, which came from a new client
-- (STS002a, §3.4), or starts within 3 days of such a cluster's end (it then
-- supersedes it in the ST-Max sequel, so the episode still counts). Any
-- request in the history counts, not only this period's.
-- is_existing_client: long-term support running on the cluster's start day,
-- inclusive (STS002b, §5.3). is_in_period: the cluster ends in the period.
-- var events_after_period_end: 'dropped' (the code's extract) leaves out
-- services starting after the period end (macro is_started_by_period_end).
-- The age at the period end is the person's (int_people_resolved), as in
-- every SALT table.
-- request_route_of_access_code: the route of the request the cluster follows
-- (NULL when it follows none), for STS002a's route-of-access breakdown.
-- Stored, not the folder's view: its tests and children each re-derived the
-- view at national scale (about 1.5 minutes a reader, scripts/benchmark.py).
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

events as (
    select
        deduplicated_events.event_id,
        deduplicated_events.la_code,
        deduplicated_events.person_id,
        deduplicated_events.event_type_code,
        deduplicated_events.service_type_code,
        deduplicated_events.event_start_date,
        deduplicated_events.event_end_date,
        deduplicated_events.event_outcome_code
    from {{ ref('int_events_deduplicated') }} as deduplicated_events
    cross join reporting_periods
    where
        deduplicated_events.client_type_code = 'service_user'
        and deduplicated_events.event_type_code = 'service'
        and {{ is_started_by_period_end(
            'deduplicated_events.event_start_date', 'reporting_periods.period_end_date'
        ) }}
        and {{ is_partition_unbuilt('deduplicated_events.la_code', 'la_code') }}
),

st_max_services as (
    select *
    from events
    where service_type_code = 'st_max' and event_start_date is not null
),

long_term_services as (
    select
        la_code,
        person_id,
        event_start_date,
        event_end_date
    from events
    where
        service_type_code in (
            'lt_nursing_care', 'lt_residential_care', 'lt_community', 'lt_prison'
        )
),

{{ cld_clusters('st_max_services', 1, 'long_term_services') }},

person_attributes as (
    -- the person's, not this model's rows' (doc person_attributes_rule)
    {{ person_attributes(['age_at_period_end']) }}
),

-- The person's latest request cluster ending by the ST-Max cluster's start.
request_links as (
    select
        clusters.la_code,
        clusters.person_id,
        clusters.island_number,
        requests.is_new_client,
        requests.request_route_of_access_code,
        requests.record_type,
        requests.sequel_service_type_code,
        requests.sequel_service_start_date,
        clusters.cluster_start_date,
        clusters.cluster_end_date,
        row_number() over (
            partition by clusters.la_code, clusters.person_id, clusters.island_number
            order by requests.cluster_end_date desc, requests.request_cluster_id asc
        ) as request_rank
    from clusters
    inner join {{ ref('int_request_sequels') }} as requests
        on
            clusters.la_code = requests.la_code
            and clusters.person_id = requests.person_id
            and clusters.cluster_start_date >= requests.cluster_end_date
),

directly_linked as (
    select
        la_code,
        person_id,
        island_number,
        request_route_of_access_code
    from request_links
    where
        request_rank = 1
        and is_new_client
        and record_type = 'service found'
        and sequel_service_type_code = 'st_max'
        and sequel_service_start_date >= cluster_start_date
        and coalesce(sequel_service_start_date <= cluster_end_date, true)
),

-- A cluster starting within 3 days of a linked one ends the linked one's
-- sequel chain (it supersedes it), so it follows the same request.
linked_clusters as (
    select
        la_code,
        person_id,
        island_number,
        coalesce(
            linked_route_of_access_code, previous_route_of_access_code
        ) as request_route_of_access_code
    from (
        select
            clusters.la_code,
            clusters.person_id,
            clusters.island_number,
            clusters.cluster_start_date,
            directly_linked.person_id is not null as is_directly_linked,
            directly_linked.request_route_of_access_code
                as linked_route_of_access_code,
            lag(directly_linked.request_route_of_access_code) over (
                partition by clusters.la_code, clusters.person_id
                order by clusters.island_number
            ) as previous_route_of_access_code,
            lag(directly_linked.person_id is not null) over (
                partition by clusters.la_code, clusters.person_id
                order by clusters.island_number
            ) as is_previous_linked,
            lag(clusters.cluster_end_date) over (
                partition by clusters.la_code, clusters.person_id
                order by clusters.island_number
            ) as previous_end_date
        from clusters
        left join directly_linked
            on
                clusters.la_code = directly_linked.la_code
                and clusters.person_id = directly_linked.person_id
                and clusters.island_number = directly_linked.island_number
    ) as sequenced
    where
        is_directly_linked
        or (
            is_previous_linked
            and cluster_start_date
            <= cast({{ dbt.dateadd('day', 3, 'previous_end_date') }} as date)
        )
),

clusters_final as (
    select
        {{ dbt.hash(dbt.concat([
            'clusters.la_code', "'|'", 'clusters.person_id', "'|'",
            'cast(clusters.cluster_start_date as ' ~ dbt.type_string() ~ ')', "'|'",
            'cast(clusters.island_number as ' ~ dbt.type_string() ~ ')'])) }}
            as st_max_episode_id,
        clusters.la_code,
        clusters.person_id,
        cast(clusters.island_number as bigint) as cluster_number,
        clusters.cluster_start_date,
        clusters.cluster_end_date,
        clusters.member_count as service_count,
        closing_members.event_outcome_code,
        linked_clusters.person_id is not null as follows_new_client_request,
        linked_clusters.request_route_of_access_code,
        existing_clients.person_id is not null as is_existing_client,
        coalesce(
            clusters.cluster_end_date between reporting_periods.period_start_date
            and reporting_periods.period_end_date,
            false
        ) as is_in_period,
        person_attributes.age_at_period_end
    from clusters
    cross join reporting_periods
    left join person_attributes
        on
            clusters.la_code = person_attributes.la_code
            and clusters.person_id = person_attributes.person_id
    inner join closing_members
        on
            clusters.la_code = closing_members.la_code
            and clusters.person_id = closing_members.person_id
            and clusters.island_number = closing_members.island_number
            and closing_members.closing_rank = 1
    left join linked_clusters
        on
            clusters.la_code = linked_clusters.la_code
            and clusters.person_id = linked_clusters.person_id
            and clusters.island_number = linked_clusters.island_number
    left join existing_clients
        on
            clusters.la_code = existing_clients.la_code
            and clusters.person_id = existing_clients.person_id
            and clusters.island_number = existing_clients.island_number
),

{{ select_with_council_input_key('clusters_final') }}
