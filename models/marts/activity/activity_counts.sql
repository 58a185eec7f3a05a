-- One row per area (council, region, England), period (dim_periods), activity
-- (requests, assessments, services, reviews, carers), breakdown and breakdown
-- value: the council rows of int_activity_counted (events and people active,
-- started and ended in each period its files cover in full) with their
-- values labelled, and for each region and England the sums of their
-- councils' rows (people are counted per council, as DHSC does, so the sums
-- are exact) with the number of councils they include.
{%- set measures = [
    'event_count', 'people_count', 'started_event_count', 'started_people_count',
    'ended_event_count', 'ended_people_count'
] %}

with council_counts as (
    select
        la_code,
        period_id,
        activity,
        breakdown,
        breakdown_field,
        breakdown_code,
        {{ measures | join(',\n        ') }}
    from {{ ref('int_activity_counted') }}
),

{{ breakdown_values_labelled(
    'council_counts',
    ['la_code', 'period_id', 'activity', 'breakdown'] + measures
) }},

{{ areas_added(
    'breakdown_values_labelled',
    ['period_id', 'activity', 'breakdown', 'breakdown_value'],
    measures
) }},

periods as (
    select
        period_id,
        period_type,
        period_label,
        period_start_date,
        period_end_date
    from {{ ref('dim_periods') }}
),

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
        periods.period_type,
        periods.period_label,
        periods.period_start_date,
        periods.period_end_date,
        areas_added.activity,
        areas_added.breakdown,
        areas_added.breakdown_value,
        {%- for measure in measures %}
            cast(areas_added.{{ measure }} as bigint) as {{ measure }},
        {%- endfor %}
        cast(areas_added.councils_included as int) as councils_included
    from areas_added
    inner join periods
        on areas_added.period_id = periods.period_id
)

select * from activity_counts
