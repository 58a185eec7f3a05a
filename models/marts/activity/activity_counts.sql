-- One row per area (council, region, England), period (as in dim_periods),
-- activity
-- (requests, assessments, services, reviews, carers), breakdown and breakdown
-- value: the events active in the period (started on or before its end, not
-- ended before its start) and the distinct people with one, and of those the
-- ones started in it and ended in it. Events from the whole history
-- (int_activity_events_classified). A council has rows only for the periods its
-- files cover in full (int_council_periods_covered); a region's and England's
-- rows add the councils' rows (people are counted per council, as DHSC does,
-- so the sums are exact) and say how many councils they include.
-- Breakdowns: total; the activity's details (requests: route_of_access,
-- outcome; assessments: assessment_type, outcome, eligibility; services:
-- service_type, service_component, delivery_mechanism; reviews: review_type,
-- outcome, review_reason; carers: support_provided); long_term_support
-- (requests, assessments, reviews); and client_type, age_band,
-- working_age_band, gender, ethnicity_group, primary_support_reason.
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
{#- The standard breakdowns: name, column, defined-list field. -#}
{%- set standard = [
    ('client_type', 'client_type_code', 'client_type'),
    ('age_band', 'age_band', none),
    ('working_age_band', 'working_age_band', none),
    ('gender', 'gender_code', 'gender'),
    ('ethnicity_group', 'ethnicity_group', none),
    ('primary_support_reason', 'primary_support_reason_code',
        'primary_support_reason')
] %}
{%- set measures = [
    'event_count', 'people_count', 'started_event_count', 'started_people_count',
    'ended_event_count', 'ended_people_count'
] %}

with activities as (
    select
        la_code,
        person_id,
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
),

council_periods as (
    select
        la_code,
        period_id,
        period_type,
        period_label,
        period_start_date,
        period_end_date
    from {{ ref('int_council_periods_covered') }}
    where is_covered
),

activities_in_periods as (
    select
        activities.*,
        council_periods.period_id,
        council_periods.period_type,
        council_periods.period_label,
        council_periods.period_start_date,
        council_periods.period_end_date,
        activities.event_start_date >= council_periods.period_start_date
            as is_started,
        activities.window_end_date <= council_periods.period_end_date as is_ended
    from activities
    inner join council_periods
        on
            activities.la_code = council_periods.la_code
            and activities.event_start_date <= council_periods.period_end_date
            and activities.window_end_date >= council_periods.period_start_date
),

breakdown_slots as (
    {{ integer_sequence(5 + standard | length, 'slot') }}
),

-- Each row once per breakdown: slot 1 the total, 2 to 4 the details, 5 the
-- long-term-support flag, then the standard breakdowns.
activities_by_breakdown as (
    select
        activities_in_periods.la_code,
        activities_in_periods.period_id,
        activities_in_periods.period_type,
        activities_in_periods.period_label,
        activities_in_periods.period_start_date,
        activities_in_periods.period_end_date,
        activities_in_periods.activity,
        activities_in_periods.person_id,
        activities_in_periods.is_started,
        activities_in_periods.is_ended,
        case breakdown_slots.slot
            when 1 then 'total'
            {%- for position in [1, 2, 3] %}
                when {{ position + 1 }} then case activities_in_periods.activity
                {%- for activity, columns in details.items()
                    if columns | length >= position %}
                        when '{{ activity }}' then '{{ columns[position - 1][0] }}'
                    {%- endfor %}
                end
            {%- endfor %}
            when 5
                then case
                    when activities_in_periods.activity in (
                        'requests', 'assessments', 'reviews'
                    ) then 'long_term_support'
                end
            {%- for name, column, field in standard %}
                when {{ loop.index + 5 }} then '{{ name }}'
            {%- endfor %}
        end as breakdown,
        case breakdown_slots.slot
            {%- for position in [1, 2, 3] %}
                when {{ position + 1 }} then case activities_in_periods.activity
                {%- for activity, columns in details.items()
                    if columns | length >= position and columns[position - 1][1] %}
                        when '{{ activity }}' then '{{ columns[position - 1][1] }}'
                    {%- endfor %}
                end
            {%- endfor %}
            {%- for name, column, field in standard %}
                {%- if field %}
                    when {{ loop.index + 5 }} then '{{ field }}'
                {%- endif %}
            {%- endfor %}
        end as breakdown_field,
        case breakdown_slots.slot
            when 1 then 'Total'
            when 2 then activities_in_periods.detail_1_code
            when 3 then activities_in_periods.detail_2_code
            when 4 then activities_in_periods.detail_3_code
            when 5 then activities_in_periods.long_term_support
            {%- for name, column, field in standard %}
                when {{ loop.index + 5 }} then activities_in_periods.{{ column }}
            {%- endfor %}
        end as breakdown_code
    from activities_in_periods
    cross join breakdown_slots
),

council_counts as (
    select
        la_code,
        period_id,
        period_type,
        period_label,
        period_start_date,
        period_end_date,
        activity,
        breakdown,
        breakdown_field,
        breakdown_code,
        count(*) as event_count,
        count(distinct person_id) as people_count,
        sum(case when is_started then 1 else 0 end) as started_event_count,
        count(distinct case when is_started then person_id end)
            as started_people_count,
        sum(case when is_ended then 1 else 0 end) as ended_event_count,
        count(distinct case when is_ended then person_id end) as ended_people_count
    from activities_by_breakdown
    where breakdown is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
),

{{ breakdown_values_labelled(
    'council_counts',
    ['la_code', 'period_id', 'period_type', 'period_label', 'period_start_date',
        'period_end_date', 'activity', 'breakdown'] + measures
) }},

{{ activity_areas_added(
    'breakdown_values_labelled',
    ['period_id', 'period_type', 'period_label', 'period_start_date',
        'period_end_date', 'activity', 'breakdown', 'breakdown_value'],
    measures
) }},

activity_counts as (
    select
        {{ dbt.hash(dbt.concat([
            'areas_added.area_code', "'|'", 'areas_added.period_id', "'|'",
            'areas_added.activity', "'|'", 'areas_added.breakdown', "'|'",
            'areas_added.breakdown_value'
        ])) }} as activity_count_id,
        areas_added.area_type,
        areas_added.area_code,
        areas_added.area_name,
        areas_added.la_code,
        areas_added.region_name,
        areas_added.period_id,
        areas_added.period_type,
        areas_added.period_label,
        areas_added.period_start_date,
        areas_added.period_end_date,
        areas_added.activity,
        areas_added.breakdown,
        areas_added.breakdown_value,
        {%- for measure in measures %}
            cast(areas_added.{{ measure }} as bigint) as {{ measure }},
        {%- endfor %}
        cast(areas_added.councils_included as int) as councils_included
    from areas_added
)

select * from activity_counts
