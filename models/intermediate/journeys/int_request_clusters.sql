-- One row per request cluster of a service user: requests of one person and
-- council whose start is at most 4 days after the latest end of the earlier
-- requests of the cluster (shared/reference/salt_ascof_rules.md §2.7). The
-- cluster runs from the first start to the latest end (NULL while a request is
-- open); its outcome and route of access come from the request(s) ending last,
-- the outcome tie-break of seed salt_event_outcomes choosing among them (lower
-- rank wins, unranked outcomes last; NULL-safe, so a NULL route or outcome
-- never drops a cluster, unlike NHS England's script, §8.B #1).
-- is_in_period, by var request_cluster_end (macro method_choice): 'cluster'
-- (the principles) tests the cluster's END; 'requests_in_period' (NHS
-- England's code, §8.A #5) keeps only the requests ending in the period (an open
-- one read as ending today) and takes the latest of their ends, so a cluster
-- running past the period still counts, closed by its last in-period request.
-- Reading an open request as ending today ties that mode's figures to the
-- build date while the period is still running (then rebuild in full).
-- var events_after_period_end: 'dropped' (the code's extract) leaves out events
-- starting after the period end, so a later request cannot extend a cluster
-- past it. New client: no
-- long-term support service of the person and council is running on the
-- cluster's start day, both ends inclusive (§2.5). The age at the period end
-- is the person's (int_people_resolved), as in every SALT table.
-- Stored, not a view: its tests and children each re-derived the
-- view at national scale (about 1.5 minutes a reader, scripts/benchmark.py).
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
{%- set cluster_end = method_choice('request_cluster_end') %}
{%- if cluster_end not in ['cluster', 'requests_in_period'] %}
    {{ exceptions.raise_compiler_error(
        "var request_cluster_end must be 'cluster' or 'requests_in_period', not "
        ~ cluster_end) }}
{%- endif %}
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
        deduplicated_events.client_type_code,
        deduplicated_events.event_type_code,
        deduplicated_events.event_start_date,
        deduplicated_events.event_end_date,
        deduplicated_events.event_outcome_code,
        deduplicated_events.request_route_of_access_code,
        deduplicated_events.service_type_code
    from {{ ref('int_events_deduplicated') }} as deduplicated_events
    cross join reporting_periods
    where
        deduplicated_events.client_type_code = 'service_user'
        and {{ is_birth_date_acceptable('deduplicated_events.proxy_date_of_birth') }}
        and {{ is_started_by_period_end(
            'deduplicated_events.event_start_date', 'reporting_periods.period_end_date'
        ) }}
        and {{ is_partition_unbuilt('deduplicated_events.la_code', 'la_code') }}
),

requests as (
    select *
    from events
    where event_type_code = 'request' and event_start_date is not null
),

long_term_services as (
    select
        la_code,
        person_id,
        event_start_date,
        event_end_date
    from events
    where {{ is_long_term_support_row() }}
),

{{ cld_clusters('requests', 4, 'long_term_services') }},

{% if cluster_end == 'requests_in_period' %}
    -- the code: the cluster closes on its latest request ending in the period
    period_members as (
        select
            cluster_islands.la_code,
            cluster_islands.person_id,
            cluster_islands.island_number,
            cluster_islands.event_id,
            cluster_islands.event_outcome_code,
            cluster_islands.request_route_of_access_code,
            coalesce(
                cluster_islands.event_end_date,
                cast({{ dbt.current_timestamp() }} as date)
            ) as period_end_read
        from cluster_islands
        cross join reporting_periods
        where
            coalesce(
                cluster_islands.event_end_date,
                cast({{ dbt.current_timestamp() }} as date)
            )
            between reporting_periods.period_start_date
            and reporting_periods.period_end_date
    ),

    period_closing_members as (
        select
            period_members.*,
            row_number() over (
                partition by
                    period_members.la_code,
                    period_members.person_id,
                    period_members.island_number
                order by
                    period_members.period_end_read desc,
                    coalesce(outcome_ranks.outcome_rank, 99),
                    period_members.event_outcome_code asc,
                    period_members.event_id asc
            ) as closing_rank
        from period_members
        left join {{ ref('salt_event_outcomes') }} as outcome_ranks
            on period_members.event_outcome_code = outcome_ranks.event_outcome_code
    ),
{% endif %}

cluster_closings as (
    select
        clusters.la_code,
        clusters.person_id,
        clusters.island_number,
        {%- if cluster_end == 'cluster' %}
            clusters.cluster_end_date,
            closing_members.event_id as closing_event_id,
            closing_members.event_outcome_code,
            closing_members.request_route_of_access_code,
            coalesce(
                clusters.cluster_end_date between reporting_periods.period_start_date
                and reporting_periods.period_end_date,
                false
            ) as is_in_period
        {%- else %}
            coalesce(period_closing_members.period_end_read, clusters.cluster_end_date)
                as cluster_end_date,
            coalesce(period_closing_members.event_id, closing_members.event_id)
                as closing_event_id,
            case
                when period_closing_members.event_id is null
                    then closing_members.event_outcome_code
                else period_closing_members.event_outcome_code
            end as event_outcome_code,
            case
                when period_closing_members.event_id is null
                    then closing_members.request_route_of_access_code
                else period_closing_members.request_route_of_access_code
            end as request_route_of_access_code,
            period_closing_members.event_id is not null as is_in_period
        {%- endif %}
    from clusters
    cross join reporting_periods
    inner join closing_members
        on
            clusters.la_code = closing_members.la_code
            and clusters.person_id = closing_members.person_id
            and clusters.island_number = closing_members.island_number
            and closing_members.closing_rank = 1
    {%- if cluster_end == 'requests_in_period' %}
        left join period_closing_members
            on
                clusters.la_code = period_closing_members.la_code
                and clusters.person_id = period_closing_members.person_id
                and clusters.island_number = period_closing_members.island_number
                and period_closing_members.closing_rank = 1
    {%- endif %}
),

person_attributes as (
    -- the person's, not this model's rows' (doc person_attributes_rule)
    {{ person_attributes(['age_at_period_end']) }}
),

clusters_final as (
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
        cluster_closings.cluster_end_date,
        clusters.member_count as request_count,
        cluster_closings.closing_event_id,
        cluster_closings.event_outcome_code,
        cluster_closings.request_route_of_access_code,
        existing_clients.person_id is null as is_new_client,
        cluster_closings.is_in_period,
        person_attributes.age_at_period_end
    from clusters
    inner join cluster_closings
        on
            clusters.la_code = cluster_closings.la_code
            and clusters.person_id = cluster_closings.person_id
            and clusters.island_number = cluster_closings.island_number
    left join person_attributes
        on
            clusters.la_code = person_attributes.la_code
            and clusters.person_id = person_attributes.person_id
    left join existing_clients
        on
            clusters.la_code = existing_clients.la_code
            and clusters.person_id = existing_clients.person_id
            and clusters.island_number = existing_clients.island_number
),

{{ select_with_council_input_key('clusters_final') }}
