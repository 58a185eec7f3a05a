-- Every request cluster with what followed the closed ones (STS001
-- sequels; shared/reference/salt_ascof_rules.md §3.1 to 3.3, macro
-- cld_sequels): a 28-day window, services ranked as seed salt_service_types
-- (sts001_rank: ST-Max first), and the outcomes that count without a service
-- being NFA outcomes and Progress to End of Life Care (seed
-- salt_event_outcomes.is_sts001_sequel). sequel is the SALT STS001 column:
-- the service found, the NFA found ('No Services Provided - other reason' when
-- several differ), or else the cluster's own outcome when it maps; 'Unable to
-- classify' when it does not (kept as its own category). A cluster superseded
-- by a later request has no sequel: the later cluster is counted instead.
-- Later events: int_sequel_events_selected (vars events_after_period_end and
-- assessment_review_versions), less the rows without a birth date when var
-- rows_without_birth_date is 'dropped', as the clusters'. A later event is a
-- service when it is a Service event, or under var sequel_rules 'code' any
-- event with a service type (macro is_service_in_sequel).
-- Stored, not a view: its tests and children each re-derived the
-- view at national scale (about 1.5 minutes a reader, scripts/benchmark.py).
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
with anchors as (
    select
        request_cluster_id as anchor_id,
        la_code,
        person_id,
        cluster_start_date as anchor_start_date,
        cluster_end_date as anchor_end_date,
        cluster_number,
        cluster_start_date,
        cluster_end_date,
        request_count,
        closing_event_id,
        event_outcome_code,
        request_route_of_access_code,
        is_new_client,
        is_in_period,
        age_at_period_end
    from {{ ref('int_request_clusters') }}
    where {{ is_partition_unbuilt('la_code') }}
),

outcomes as (
    select
        event_outcome_code,
        is_sts001_sequel,
        sts001_sequel
    from {{ ref('salt_event_outcomes') }}
),

service_types as (
    select
        service_type_code,
        sts001_rank,
        sts001_sequel
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
                then service_types.sts001_rank
        end as service_rank,
        coalesce(outcomes.is_sts001_sequel, false) as is_qualifying
    from {{ ref('int_sequel_events_selected') }} as later_rows
    left join service_types
        on later_rows.service_type_code = service_types.service_type_code
    left join outcomes
        on later_rows.event_outcome_code = outcomes.event_outcome_code
    where
        {{ is_birth_date_acceptable('later_rows.proxy_date_of_birth') }}
        and {{ is_partition_unbuilt('later_rows.la_code', 'la_code') }}
),

{{ cld_sequels('anchors', 'events', 28, "events.event_type_code = 'request'",
    count_all_rows_in_conflict=true) }},

sequels_final as (
    select
        sequel_results.anchor_id as request_cluster_id,
        anchors.la_code,
        anchors.person_id,
        anchors.cluster_number,
        anchors.cluster_start_date,
        anchors.cluster_end_date,
        anchors.request_count,
        anchors.closing_event_id,
        anchors.event_outcome_code,
        anchors.request_route_of_access_code,
        anchors.is_new_client,
        anchors.is_in_period,
        anchors.age_at_period_end,
        sequel_results.record_type,
        sequel_results.sequel_service_type_code,
        sequel_results.sequel_service_start_date,
        sequel_results.sequel_outcome_code,
        case
            when
                sequel_results.record_type is null
                or sequel_results.record_type = 'superseded'
                then null
            when
                sequel_results.record_type = 'service found'
                then service_types.sts001_sequel
            when sequel_results.record_type = 'nfa found'
                then
                    coalesce(
                        sequel_outcomes.sts001_sequel,
                        'No Services Provided - other reason'
                    )
            when anchor_outcomes.is_sts001_sequel then anchor_outcomes.sts001_sequel
            else 'Unable to classify'
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
