-- Every ST-Max cluster with what followed the closed ones (STS002a, ASCOF 2A;
-- shared/reference/salt_ascof_rules.md §3.4, macro cld_sequels): a 3-day
-- window, services ranked as seed salt_service_types (st_max_rank: long-term
-- support first; another ST-Max ends the chain), and only NFA outcomes count
-- when no service does. sequel is the SALT STS002a column: the service found,
-- the NFA found ('No services provided – other' when several differ), or else
-- the cluster's own outcome mapped (seed salt_event_outcomes.st_max_sequel:
-- NFA outcomes, and 'Service ended as planned' as 'No services provided –
-- other'); 'No service found' when it does not map, kept as its own category.
-- Following the principles, Admitted to hospital and Progress to End of Life
-- Care do not map (the script maps them to 'other', §8.A #10), and the
-- script's hyphen-for-en-dash label in record type 4 is not reproduced
-- (§8.B #2). Sequels are derived for every ST-Max cluster; STS002a keeps those
-- following a new client's request. Later events: int_sequel_events_selected
-- (vars events_after_period_end and assessment_review_versions); rows without
-- a birth date stay in both methods, as the script has no birth-date filter
-- (§8.B #16). A later event is a service when it is a Service event, or under
-- var sequel_rules 'code' any event with a service type (macro
-- is_service_in_sequel).
-- Stored, not the folder's view: its tests and children each re-derived the
-- view at national scale (about 1.5 minutes a reader, scripts/benchmark.py).
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
with anchors as (
    select
        st_max_episode_id as anchor_id,
        la_code,
        person_id,
        cluster_start_date as anchor_start_date,
        cluster_end_date as anchor_end_date,
        cluster_number,
        cluster_start_date,
        cluster_end_date,
        service_count,
        event_outcome_code,
        follows_new_client_request,
        request_route_of_access_code,
        is_existing_client,
        is_in_period,
        age_at_period_end
    from {{ ref('int_st_max_clusters') }}
    where {{ is_partition_unbuilt('la_code') }}
),

outcomes as (
    select
        event_outcome_code,
        is_nfa,
        st_max_sequel
    from {{ ref('salt_event_outcomes') }}
),

service_types as (
    select
        service_type_code,
        st_max_rank,
        st_max_sequel
    from {{ ref('salt_service_types') }}
),

events as (
    select
        later_rows.event_id,
        later_rows.la_code,
        later_rows.person_id,
        later_rows.event_type_code,
        later_rows.service_type_code,
        later_rows.event_start_date,
        later_rows.event_end_date,
        later_rows.event_outcome_code,
        case
            when {{ is_service_in_sequel('later_rows.event_type_code') }}
                then service_types.st_max_rank
        end as service_rank,
        coalesce(outcomes.is_nfa, false) as is_qualifying
    from {{ ref('int_sequel_events_selected') }} as later_rows
    left join service_types
        on later_rows.service_type_code = service_types.service_type_code
    left join outcomes
        on later_rows.event_outcome_code = outcomes.event_outcome_code
    where
        {{ is_partition_unbuilt('later_rows.la_code', 'la_code') }}
),

{{ cld_sequels('anchors', 'events', 3,
    is_service_in_sequel('events.event_type_code')
    ~ " and events.service_type_code = 'st_max'") }},

sequels_final as (
    select
        sequel_results.anchor_id as st_max_episode_id,
        anchors.la_code,
        anchors.person_id,
        anchors.cluster_number,
        anchors.cluster_start_date,
        anchors.cluster_end_date,
        anchors.service_count,
        anchors.event_outcome_code,
        anchors.follows_new_client_request,
        anchors.request_route_of_access_code,
        anchors.is_existing_client,
        anchors.is_in_period,
        anchors.age_at_period_end,
        sequel_results.record_type,
        sequel_results.sequel_service_type_code,
        sequel_results.sequel_outcome_code,
        case
            when
                sequel_results.record_type is null
                or sequel_results.record_type = 'superseded'
                then null
            when
                sequel_results.record_type = 'service found'
                then service_types.st_max_sequel
            when sequel_results.record_type = 'nfa found'
                then
                    coalesce(
                        sequel_outcomes.st_max_sequel, 'No services provided – other'
                    )
            else coalesce(anchor_outcomes.st_max_sequel, 'No service found')
        end as sequel,
        sequel_results.qualifying_outcome_count,
        sequel_results.candidate_count,
        sequel_results.chain_event_count
    from sequel_results
    inner join anchors
        on sequel_results.anchor_id = anchors.anchor_id
    left join service_types
        on sequel_results.sequel_service_type_code = service_types.service_type_code
    left join outcomes as sequel_outcomes
        on sequel_results.sequel_outcome_code = sequel_outcomes.event_outcome_code
    left join outcomes as anchor_outcomes
        on anchors.event_outcome_code = anchor_outcomes.event_outcome_code
),

{{ select_with_council_input_key('sequels_final') }}
