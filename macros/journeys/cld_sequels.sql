{#- What happened next after each anchor (a request cluster or an ST-Max
    cluster): shared/reference/salt_ascof_rules.md §3. Returns CTE definitions
    (to follow "with ...,") ending in sequel_results, one row per anchor (NULL
    record_type while the anchor is open) of `anchors` (anchor_id, la_code, person_id,
    anchor_start_date, anchor_end_date) with
      record_type: 'no later events' | 'nothing in scope' | 'service found' |
        'nfa found' | 'no service' | 'superseded',
      sequel_service_type_code and sequel_service_start_date (the first chain
      event of that service type, when a service was found), sequel_outcome_code (the one
      qualifying outcome found, NULL when several conflict),
      qualifying_outcome_count, candidate_count, chain_event_count.
    `events` holds the person's later events (event_id, la_code, person_id,
    event_type_code, service_type_code, event_start_date, event_end_date,
    event_outcome_code, service_rank: rank of a service that can be a sequel,
    NULL otherwise, is_qualifying: outcome that counts when no service does).
    `is_same_kind` is SQL on an event: another anchor of the anchor's kind
    (a request after a request, an ST-Max after an ST-Max).
    Candidates start on or after the anchor's end (same day counts), except
    copies of the anchor itself (same kind and same start or same end). They
    chain while each starts at most 3 days after the latest end so far (an open
    event never breaks the chain); the chain stops before the first event of the
    anchor's kind. var sequel_rules: 'principles' (default) keeps only chain
    events starting within `window_days` of the anchor's end, makes an anchor
    with an event of its kind in scope and no service before it 'superseded'
    (the later anchor counts instead), and calls several qualifying outcomes a
    conflict only when they differ; 'code' follows NHS England's script (§3.2,
    §8.A #6, #7 and §8.B #6, #7): only the first event must start in the window
    (first-day events all open always count; when every first-day event was a copy
    of the anchor, removed after the script ranked them, no window test runs), the chain has no end, the original
    anchor is kept, and every chain row ending with the latest qualifying row
    counts towards a conflict when `count_all_rows_in_conflict`, each event is
    compared with the previous one's end only, and an open qualifying event
    ends last only when no qualifying event has an end. -#}
{% macro cld_sequels(anchors, events, window_days, is_same_kind,
    count_all_rows_in_conflict=false) %}
    {%- set rules = method_choice('sequel_rules') -%}
    {%- if rules not in ['principles', 'code'] -%}
        {{ exceptions.raise_compiler_error(
            "var sequel_rules must be 'principles' or 'code', not " ~ rules) }}
    {%- endif -%}
    {%- set open_end = "coalesce(event_end_date, cast('9000-01-01' as date))" -%}
    {%- set window_end = "cast(" ~ dbt.dateadd('day', window_days, 'anchor_end_date')
        ~ " as date)" -%}
    {%- set row_order = "event_start_date, " ~ open_end ~ ", event_id" -%}
    sequel_candidates_with_copies as (
        select
            anchors.anchor_id,
            anchors.anchor_end_date,
            events.event_id,
            events.event_type_code,
            events.service_type_code,
            events.event_start_date,
            events.event_end_date,
            events.event_outcome_code,
            events.service_rank,
            events.is_qualifying,
            anchors.anchor_start_date,
            coalesce({{ is_same_kind }}, false) as is_same_kind
        from {{ anchors }} as anchors
        inner join {{ events }} as events
            on
                anchors.la_code = events.la_code
                and anchors.person_id = events.person_id
                and events.event_start_date >= anchors.anchor_end_date
        where anchors.anchor_end_date is not null
    ),

    sequel_candidates as (
        select *
        from sequel_candidates_with_copies
        where
            not (
                is_same_kind
                and (
                    event_start_date = anchor_start_date
                    or coalesce(event_end_date = anchor_end_date, false)
                )
            )
    ),
{%- if rules == 'code' %}

    -- the script ranks the later events before it removes the anchor's copies
    sequel_first_starts as (
        select
            anchor_id,
            min(event_start_date) as first_start_with_copies
        from sequel_candidates_with_copies
        group by 1
    ),
{%- endif %}

    sequel_ordered as (
        select
            *,
            {%- if rules == 'principles' %}
            max({{ open_end }}) over (
                partition by anchor_id order by {{ row_order }}
                rows between unbounded preceding and 1 preceding
            ) as previous_latest_end_date,
            {%- else %}
            -- the script compares with the previous row's end only (LAG)
            lag({{ open_end }}) over (
                partition by anchor_id order by {{ row_order }}
            ) as previous_latest_end_date,
            {%- endif %}
            min(event_start_date) over (partition by anchor_id) as first_start_date,
            min(
                case when event_end_date is null then 1 else 0 end
            ) over (partition by anchor_id, event_start_date) as is_all_open_on_start_date
        from sequel_candidates
    ),

    sequel_flagged as (
        select
            sequel_ordered.*,
            case
                when previous_latest_end_date is null then 1
                when
                    event_start_date
                    > cast({{ dbt.dateadd('day', 3, 'previous_latest_end_date') }} as date)
                    then 0
                else 1
            end as continues_chain,
            case
                {%- if rules == 'principles' %}
                    when event_start_date <= {{ window_end }} then 1
                {%- else %}
                    -- no event ranked first is left: the window test never ran
                    when
                        sequel_first_starts.first_start_with_copies
                        < sequel_ordered.first_start_date
                        then 1
                    when
                        sequel_ordered.first_start_date <= {{ window_end }}
                        or max(
                            case
                                when
                                    sequel_ordered.event_start_date
                                    = sequel_ordered.first_start_date
                                    then sequel_ordered.is_all_open_on_start_date
                                else 0
                            end
                        ) over (partition by sequel_ordered.anchor_id) = 1
                        then 1
                {%- endif %}
                else 0
            end as is_in_window
        from sequel_ordered
        {%- if rules == 'code' %}
            inner join sequel_first_starts
                on sequel_ordered.anchor_id = sequel_first_starts.anchor_id
        {%- endif %}
    ),

    sequel_scoped as (
        select
            *,
            min(continues_chain * is_in_window) over (
                partition by anchor_id order by {{ row_order }}
                rows between unbounded preceding and current row
            ) as is_in_scope
        from sequel_flagged
    ),

    sequel_chains as (
        select
            *,
            min(case when is_same_kind and is_in_scope = 1 then event_start_date end)
                over (partition by anchor_id) as first_same_kind_start_date
        from sequel_scoped
    ),

    sequel_chain_rows as (
        select *
        from sequel_chains
        where
            is_in_scope = 1
            and (
                first_same_kind_start_date is null
                or event_start_date < first_same_kind_start_date
            )
    ),

    -- Qualifying rows ending last ("latest NFA"); a conflict when several.
    sequel_latest_qualifying as (
        select
            anchor_id,
            {%- if rules == 'principles' %}
            max({{ open_end }}) as latest_end_date
            {%- else %}
            -- SQL Server sorts open ends last: the latest dated end wins
            coalesce(max(event_end_date), cast('9000-01-01' as date))
                as latest_end_date
            {%- endif %}
        from sequel_chain_rows
        where is_qualifying
        group by 1
    ),

    sequel_conflicts as (
        select
            sequel_chain_rows.anchor_id,
            count(distinct case
                when sequel_chain_rows.is_qualifying
                    then sequel_chain_rows.event_outcome_code
            end) as distinct_qualifying_outcomes,
            sum(case when sequel_chain_rows.is_qualifying then 1 else 0 end)
                as qualifying_rows,
            count(distinct concat(
                sequel_chain_rows.event_type_code, '|',
                cast(sequel_chain_rows.event_start_date as {{ dbt.type_string() }}),
                '|', coalesce(sequel_chain_rows.event_outcome_code, '')
            )) as rows_at_latest_end,
            min(case
                when sequel_chain_rows.is_qualifying
                    then sequel_chain_rows.event_outcome_code
            end) as qualifying_outcome_code
        from sequel_chain_rows
        inner join sequel_latest_qualifying
            on
                sequel_chain_rows.anchor_id = sequel_latest_qualifying.anchor_id
                and {{ open_end.replace('event_end_date',
                    'sequel_chain_rows.event_end_date') }}
                = sequel_latest_qualifying.latest_end_date
        group by 1
    ),

    sequel_summary as (
        select
            sequel_chains.anchor_id,
            count(*) as candidate_count,
            sum(case
                when
                    sequel_chains.is_in_scope = 1
                    and (
                        sequel_chains.first_same_kind_start_date is null
                        or sequel_chains.event_start_date
                        < sequel_chains.first_same_kind_start_date
                    )
                    then 1
                else 0
            end) as chain_event_count,
            max(case when sequel_chains.is_same_kind and sequel_chains.is_in_scope = 1
                then 1 else 0 end) as has_same_kind_in_scope,
            min(case
                when
                    sequel_chains.is_in_scope = 1
                    and (
                        sequel_chains.first_same_kind_start_date is null
                        or sequel_chains.event_start_date
                        < sequel_chains.first_same_kind_start_date
                    )
                    then sequel_chains.service_rank
            end) as best_service_rank
        from sequel_chains
        group by 1
    ),

    sequel_services as (
        select
            anchor_id,
            service_rank,
            min(service_type_code) as service_type_code,
            min(event_start_date) as service_start_date
        from sequel_chain_rows
        where service_rank is not null
        group by 1, 2
    ),

    sequel_results as (
    select
        anchors.anchor_id,
        case
            when anchors.anchor_end_date is null then null
            when coalesce(sequel_summary.candidate_count, 0) = 0 then 'no later events'
            when sequel_summary.best_service_rank is not null then 'service found'
            {%- if rules == 'principles' %}
                when sequel_summary.has_same_kind_in_scope = 1 then 'superseded'
            {%- endif %}
            when sequel_summary.chain_event_count = 0 then 'nothing in scope'
            when sequel_conflicts.anchor_id is not null then 'nfa found'
            else 'no service'
        end as record_type,
        sequel_services.service_type_code as sequel_service_type_code,
        sequel_services.service_start_date as sequel_service_start_date,
        case
            when sequel_summary.best_service_rank is not null then null
            {%- if rules == 'principles' %}
                when sequel_summary.has_same_kind_in_scope = 1 then null
                when sequel_conflicts.distinct_qualifying_outcomes = 1
            {%- elif count_all_rows_in_conflict %}
                when sequel_conflicts.rows_at_latest_end = 1
            {%- else %}
                when sequel_conflicts.qualifying_rows = 1
            {%- endif %}
                then sequel_conflicts.qualifying_outcome_code
        end as sequel_outcome_code,
        cast(coalesce(sequel_conflicts.distinct_qualifying_outcomes, 0) as bigint)
            as qualifying_outcome_count,
        cast(coalesce(sequel_summary.candidate_count, 0) as bigint) as candidate_count,
        cast(coalesce(sequel_summary.chain_event_count, 0) as bigint)
            as chain_event_count
    from {{ anchors }} as anchors
    left join sequel_summary
        on anchors.anchor_id = sequel_summary.anchor_id
    left join sequel_services
        on
            sequel_summary.anchor_id = sequel_services.anchor_id
            and sequel_summary.best_service_rank = sequel_services.service_rank
    left join sequel_conflicts
        on anchors.anchor_id = sequel_conflicts.anchor_id
    )
{% endmacro %}
