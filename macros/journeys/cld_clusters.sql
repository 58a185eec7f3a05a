{#- Clusters of one kind of event (requests, ST-Max services), as CTE definitions
    to follow "with ...,": `members` holds the events (event_id, la_code,
    person_id, event_start_date, event_end_date, event_outcome_code, ...) and `long_term_services` the person's long-term
    support services (la_code, person_id, event_start_date, event_end_date).
    Defines cluster_islands (members with island_number, macro cld_islands with
    `gap_days`), clusters (one row per council, person and island: first start,
    latest end or NULL while one is open, member_count), closing_members (each
    member with closing_rank 1 for the one giving the cluster its outcome: open
    first, then the latest end, then seed salt_event_outcomes' tie-break, lower
    rank wins, unranked last) and existing_clients (clusters with long-term
    support running on their start day, both ends inclusive;
    shared/reference/salt_ascof_rules.md §2.5, 2.7). -#}
{% macro cld_clusters(members, gap_days, long_term_services) %}
    cluster_islands as (
        {{ cld_islands(members, 'la_code, person_id', gap_days, 'event_id') }}
    ),

    cluster_outcome_ranks as (
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
            cast(count(*) as bigint) as member_count
        from cluster_islands
        group by 1, 2, 3
    ),

    closing_members as (
        select
            cluster_islands.*,
            row_number() over (
                partition by
                    cluster_islands.la_code,
                    cluster_islands.person_id,
                    cluster_islands.island_number
                order by
                    case when cluster_islands.event_end_date is null then 0 else 1 end,
                    cluster_islands.event_end_date desc,
                    coalesce(cluster_outcome_ranks.outcome_rank, 99),
                    cluster_islands.event_outcome_code asc,
                    cluster_islands.event_id asc
            ) as closing_rank
        from cluster_islands
        left join cluster_outcome_ranks
            on cluster_islands.event_outcome_code = cluster_outcome_ranks.event_outcome_code
    ),

    existing_clients as (
        select
            clusters.la_code,
            clusters.person_id,
            clusters.island_number
        from clusters
        inner join {{ long_term_services }} as long_term_services
            on
                clusters.la_code = long_term_services.la_code
                and clusters.person_id = long_term_services.person_id
                and clusters.cluster_start_date >= long_term_services.event_start_date
                and coalesce(
                    clusters.cluster_start_date <= long_term_services.event_end_date, true
                )
        group by 1, 2, 3
    )
{% endmacro %}
