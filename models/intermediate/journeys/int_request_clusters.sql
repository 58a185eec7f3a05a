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
-- cluster's start day, both ends inclusive (§2.5). The age at the period end
-- is the person's (int_people_resolved), as in every SALT table.
-- Stored, not a view: its tests and children each re-derived the
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
        event_id,
        la_code,
        person_id,
        client_type_code,
        event_type_code,
        event_start_date,
        event_end_date,
        event_outcome_code,
        request_route_of_access_code,
        service_type_code
    from {{ ref('int_events_deduplicated') }}
    where
        client_type_code = 'service_user'
        and {{ is_birth_date_acceptable('proxy_date_of_birth') }}
        and {{ is_partition_unbuilt('la_code') }}
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
        clusters.cluster_end_date,
        clusters.member_count as request_count,
        closing_members.event_id as closing_event_id,
        closing_members.event_outcome_code,
        closing_members.request_route_of_access_code,
        existing_clients.person_id is null as is_new_client,
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
    left join existing_clients
        on
            clusters.la_code = existing_clients.la_code
            and clusters.person_id = existing_clients.person_id
            and clusters.island_number = existing_clients.island_number
),

{{ select_with_council_input_key('clusters_final') }}
