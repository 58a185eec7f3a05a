-- One row per area (council, region, England) and breakdown value (total;
-- service_type, service_component, delivery_mechanism) of the services of each
-- council's latest submission covering the reporting period that overlap the
-- cost window (int_service_costs_calculated: its last var cost_window_months
-- months): the services and the people receiving them, the costed ones, the
-- rows not costed by reason (DHSC drops them silently) and with negative
-- values; the total cost in the window, the weekly cost and its full-year
-- equivalent of the services costed by the week, one-off costs, and the
-- average weekly cost per person with a weekly cost. Region and England rows
-- add the councils' (people counted per council, as DHSC does).
{%- set breakdowns = [
    ('service_type', 'service_type_code'),
    ('service_component', 'service_component_code'),
    ('delivery_mechanism', 'delivery_mechanism_code')
] %}
{%- set measures = [
    'service_count', 'people_count', 'costed_service_count',
    'not_costed_no_unit_cost_count', 'not_costed_no_units_count',
    'negative_value_count', 'weekly_costed_people_count', 'cost_in_window',
    'weekly_cost', 'full_year_equivalent_cost', 'one_off_cost'
] %}

with services as (
    select
        la_code,
        person_id,
        period_start_date,
        period_end_date,
        window_start_date,
        window_end_date,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        cost_status,
        is_one_off,
        has_negative_value,
        cost_per_week,
        cost_in_window,
        full_year_cost
    from {{ ref('int_service_costs_calculated') }}
),

breakdown_slots as (
    {{ integer_sequence(1 + breakdowns | length, 'slot') }}
),

services_by_breakdown as (
    select
        services.*,
        case breakdown_slots.slot
            when 1 then 'total'
            {%- for name, column in breakdowns %}
                when {{ loop.index + 1 }} then '{{ name }}'
            {%- endfor %}
        end as breakdown,
        case breakdown_slots.slot
            {%- for name, column in breakdowns %}
                when {{ loop.index + 1 }} then '{{ name }}'
            {%- endfor %}
        end as breakdown_field,
        case breakdown_slots.slot
            when 1 then 'Total'
            {%- for name, column in breakdowns %}
                when {{ loop.index + 1 }} then services.{{ column }}
            {%- endfor %}
        end as breakdown_code
    from services
    cross join breakdown_slots
),

council_costs as (
    select
        la_code,
        period_start_date,
        period_end_date,
        window_start_date,
        window_end_date,
        breakdown,
        breakdown_field,
        breakdown_code,
        count(*) as service_count,
        count(distinct person_id) as people_count,
        sum(case when cost_status = 'costed' then 1 else 0 end)
            as costed_service_count,
        sum(case when cost_status = 'not costed: no unit cost' then 1 else 0 end)
            as not_costed_no_unit_cost_count,
        sum(case when cost_status = 'not costed: no units' then 1 else 0 end)
            as not_costed_no_units_count,
        sum(case when has_negative_value then 1 else 0 end) as negative_value_count,
        count(distinct case when cost_per_week is not null then person_id end)
            as weekly_costed_people_count,
        coalesce(sum(cost_in_window), 0) as cost_in_window,
        coalesce(sum(cost_per_week), 0) as weekly_cost,
        coalesce(sum(full_year_cost), 0) as full_year_equivalent_cost,
        coalesce(sum(case when is_one_off then cost_in_window end), 0)
            as one_off_cost
    from services_by_breakdown
    group by 1, 2, 3, 4, 5, 6, 7, 8
),

{{ breakdown_values_labelled(
    'council_costs',
    ['la_code', 'period_start_date', 'period_end_date', 'window_start_date',
        'window_end_date', 'breakdown'] + measures
) }},

{{ areas_added(
    'breakdown_values_labelled',
    ['period_start_date', 'period_end_date', 'window_start_date',
        'window_end_date', 'breakdown', 'breakdown_value'],
    measures
) }},

activity_costs as (
    select
        {{ dbt.hash(dbt.concat([
            'areas_added.area_code', "'|'", 'areas_added.breakdown', "'|'",
            'areas_added.breakdown_value'
        ])) }} as activity_cost_id,
        areas_added.area_type,
        areas_added.area_code,
        areas_added.area_name,
        areas_added.la_code,
        areas_added.region_name,
        areas_added.period_start_date,
        areas_added.period_end_date,
        areas_added.window_start_date,
        areas_added.window_end_date,
        areas_added.breakdown,
        areas_added.breakdown_value,
        {%- for measure in measures[:7] %}
            cast(areas_added.{{ measure }} as bigint) as {{ measure }},
        {%- endfor %}
        {%- for measure in measures[7:] %}
            cast(areas_added.{{ measure }} as decimal(18, 2)) as {{ measure }},
        {%- endfor %}
        cast(
            areas_added.weekly_cost
            / nullif(areas_added.weekly_costed_people_count, 0)
            as decimal(18, 2)
        ) as average_weekly_cost_per_person,
        cast(areas_added.councils_included as int) as councils_included
    from areas_added
)

select * from activity_costs
