-- One row per council, period its files cover in full
-- (int_council_periods_covered), activity, breakdown and breakdown code: the
-- events of int_activity_events_classified active in the period (started on
-- or before its last day, not ended before its first; open events run on),
-- the distinct people with one, and of those the events and people started
-- and ended in it. Breakdowns: total; the activity's details (detail_1_code
-- to detail_3_code, named per activity below); long_term_support (requests,
-- assessments, reviews); client type, age band, working-age band, gender,
-- ethnicity group and primary support reason. breakdown_field names the
-- defined list of the code (NULL: the code is already a label); a NULL code is
-- a missing or invalid value.
-- Counted breakdown by breakdown, people first per person and then counted,
-- with a 64-bit hash of the person (macro text_hash): one pass with a distinct
-- count per breakdown ran out of memory on a national quarter (20 million
-- event-periods). Two people sharing a hash would count as one: for a council
-- of a million people the chance is about 3 in a hundred million.
-- Stored council by council (int_council_inputs_keyed): a council's periods
-- and events depend only on its own files.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
{%- set open_end = "cast('9999-12-31' as date)" %}
{#- Per activity, each detail column's breakdown name and defined-list field
    (none: the value is already a label). -#}
{%- set details = {
    'requests': [
        ('route_of_access', 'request_route_of_access'),
        ('outcome', 'event_outcome')],
    'assessments': [
        ('assessment_type', 'assessment_type'),
        ('outcome', 'event_outcome'),
        ('eligibility', 'eligible_needs_identified')],
    'services': [
        ('service_type', 'service_type'),
        ('service_component', 'service_component'),
        ('delivery_mechanism', 'delivery_mechanism')],
    'reviews': [
        ('review_type', none),
        ('outcome', 'event_outcome'),
        ('review_reason', 'review_reason')],
    'carers': [('support_provided', none)]
} %}
{#- Every breakdown, in slot order: per activity its name and defined-list
    field (none: the code is already a label), and the column of its code. -#}
{%- set activities = ['requests', 'assessments', 'services', 'reviews', 'carers'] %}
{%- set slots = namespace(items=[]) %}
{%- set slots.items = slots.items + [(
    {'requests': ('total', none), 'assessments': ('total', none),
     'services': ('total', none), 'reviews': ('total', none),
     'carers': ('total', none)},
    "'Total'"
)] %}
{%- for position in [1, 2, 3] %}
    {%- set names = {} %}
    {%- for activity, columns in details.items() if columns | length >= position %}
        {%- do names.update({activity: columns[position - 1]}) %}
    {%- endfor %}
    {%- set slots.items = slots.items + [(names, 'detail_' ~ position ~ '_code')] %}
{%- endfor %}
{%- set slots.items = slots.items + [(
    {'requests': ('long_term_support', none),
     'assessments': ('long_term_support', none),
     'reviews': ('long_term_support', none)},
    'long_term_support'
)] %}
{%- for name, column, field in [
    ('client_type', 'client_type_code', 'client_type'),
    ('age_band', 'age_band', none),
    ('working_age_band', 'working_age_band', none),
    ('gender', 'gender_code', 'gender'),
    ('ethnicity_group', 'ethnicity_group', none),
    ('primary_support_reason', 'primary_support_reason_code',
        'primary_support_reason')
] %}
    {%- set names = {} %}
    {%- for activity in activities %}
        {%- do names.update({activity: (name, field)}) %}
    {%- endfor %}
    {%- set slots.items = slots.items + [(names, column)] %}
{%- endfor %}

with activities as (
    select
        la_code,
        {{ text_hash('person_id') }} as person_number,
        activity,
        event_start_date,
        coalesce(event_end_date, {{ open_end }}) as window_end_date,
        detail_1_code,
        detail_2_code,
        detail_3_code,
        case
            when is_long_term_support then 'Yes'
            when not is_long_term_support then 'No'
        end as long_term_support,
        client_type_code,
        age_band,
        working_age_band,
        gender_code,
        ethnicity_group,
        primary_support_reason_code
    from {{ ref('int_activity_events_classified') }}
    where {{ is_partition_unbuilt('la_code') }}
),

-- A number for each period (its start and type), a shorter key than its id
-- for the large aggregations below (with an integer key the counting ran in
-- 90 s instead of 110 s on a national quarter).
council_periods as (
    select
        la_code,
        period_id,
        cast(
            extract(year from period_start_date) * 1000
            + extract(month from period_start_date) * 10
            + case period_type when 'month' then 1 when 'quarter' then 2 else 3 end
            as int
        ) as period_number,
        period_start_date,
        period_end_date
    from {{ ref('int_council_periods_covered') }}
    where is_covered
),

period_numbers as (
    select
        period_number,
        period_id
    from council_periods
    group by 1, 2
),

activities_in_periods as (
    select
        activities.*,
        council_periods.period_number,
        case
            when activities.event_start_date >= council_periods.period_start_date
                then 1
            else 0
        end as is_started,
        case
            when activities.window_end_date <= council_periods.period_end_date
                then 1
            else 0
        end as is_ended
    from activities
    inner join council_periods
        on
            activities.la_code = council_periods.la_code
            and activities.event_start_date <= council_periods.period_end_date
            and activities.window_end_date >= council_periods.period_start_date
),

-- Each person once per council, period, activity and breakdown value.
people as (
    {%- for names, code in slots.items %}
        select
            la_code,
            period_number,
            activity,
            {{ loop.index }} as slot,
            {{ code }} as breakdown_code,
            person_number,
            count(*) as event_count,
            sum(is_started) as started_event_count,
            sum(is_ended) as ended_event_count
        from activities_in_periods
        where
            activity in (
                {%- for activity in names %}
                    '{{ activity }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
        group by 1, 2, 3, 4, 5, 6
        {%- if not loop.last %}

            union all
        {% endif %}
    {%- endfor %}
),

counted as (
    select
        la_code,
        period_number,
        activity,
        slot,
        breakdown_code,
        sum(event_count) as event_count,
        count(*) as people_count,
        sum(started_event_count) as started_event_count,
        sum(case when started_event_count > 0 then 1 else 0 end)
            as started_people_count,
        sum(ended_event_count) as ended_event_count,
        sum(case when ended_event_count > 0 then 1 else 0 end)
            as ended_people_count
    from people
    group by 1, 2, 3, 4, 5
),

breakdown_names as (
    select
        activity,
        slot,
        breakdown,
        breakdown_field
    from (
        values
        {%- for names, code in slots.items %}
            {%- set slot_number = loop.index %}
            {%- set outer = loop %}
            {%- for activity, name_and_field in names.items() %}
                (
                    '{{ activity }}', {{ slot_number }}, '{{ name_and_field[0] }}',
                    {{ "'" ~ name_and_field[1] ~ "'" if name_and_field[1] else 'null' }}
                )
                {{- ',' if not (outer.last and loop.last) }}
            {%- endfor %}
        {%- endfor %}
    ) as breakdown_names (activity, slot, breakdown, breakdown_field) -- noqa: AL05
),

counted_typed as (
    select
        counted.la_code,
        period_numbers.period_id,
        counted.activity,
        cast(breakdown_names.breakdown as {{ dbt.type_string() }}) as breakdown,
        cast(breakdown_names.breakdown_field as {{ dbt.type_string() }})
            as breakdown_field,
        cast(counted.breakdown_code as {{ dbt.type_string() }}) as breakdown_code,
        cast(counted.event_count as bigint) as event_count,
        cast(counted.people_count as bigint) as people_count,
        cast(counted.started_event_count as bigint) as started_event_count,
        cast(counted.started_people_count as bigint) as started_people_count,
        cast(counted.ended_event_count as bigint) as ended_event_count,
        cast(counted.ended_people_count as bigint) as ended_people_count
    from counted
    inner join breakdown_names
        on
            counted.activity = breakdown_names.activity
            and counted.slot = breakdown_names.slot
    inner join period_numbers
        on counted.period_number = period_numbers.period_number
),

{{ select_with_council_input_key('counted_typed') }}
