-- One row per service of each council's latest submission covering the
-- reporting period (int_events_latest_submission, DHSC's single submission)
-- that overlaps the cost window: the last var cost_window_months months of
-- the period (DHSC: its last quarter, dhsc_pipeline.md §6.3). The costs:
-- units per week from the cost frequency (weekly 1, fortnightly 1/2, 4-weekly
-- 1/4, monthly 12/52, quarterly 4/52, annually 1/52; any other frequency, or
-- none, the planned units per week), trusted over the planned units; cost per
-- week = unit cost x units per week; weeks in the window = the service's days
-- inside the window, both ends included, / 7; cost in the window = cost per
-- week x weeks, or the unit cost for a one-off; full-year equivalent = cost
-- per week x var cost_weeks_per_year (52.14, the Planned Service Cost Tool's).
-- cost_status keeps the rows DHSC drops, counted rather than lost: a missing
-- or zero unit cost, and missing or zero units (not one-off) are not costed.
-- Negative unit costs or planned units are costed at their size, as DHSC does,
-- and flagged (has_negative_value) as a data-quality failure. Costs are
-- decimals to the hundredth of a penny, so their sums do not depend on the
-- order rows are added in (doubles did: one council's file moved another's
-- total by a penny).
-- A table, not the folder's view: on Spark its SQL (dbt-spark's date macros
-- spelled out) is longer than the metastore keeps for a view (32,700 chars).
{{ config(materialized='table') }}
{%- set weeks_per_year = var('cost_weeks_per_year') %}
{%- set open_end = "cast('9999-12-31' as date)" %}

with reporting_periods as (
    select
        period_start_date,
        period_end_date,
        cost_window_start_date as window_start_date
    from {{ ref('int_reporting_periods') }}
),

services as (
    select
        event_id,
        la_code,
        person_id,
        event_start_date,
        event_end_date,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        unit_cost,
        cost_frequency_unit_type_code,
        planned_units_per_week
    from {{ ref('int_events_latest_submission') }}
    where event_type_code = 'service' and event_start_date is not null
),

services_in_window as (
    select
        services.*,
        reporting_periods.period_start_date,
        reporting_periods.period_end_date,
        reporting_periods.window_start_date,
        reporting_periods.period_end_date as window_end_date,
        case
            when services.event_start_date > reporting_periods.window_start_date
                then services.event_start_date
            else reporting_periods.window_start_date
        end as clipped_start_date,
        case
            when
                coalesce(services.event_end_date, {{ open_end }})
                < reporting_periods.period_end_date
                then services.event_end_date
            else reporting_periods.period_end_date
        end as clipped_end_date,
        abs(cast(services.unit_cost as double)) as unit_cost_size,
        -- doubles, so both engines divide alike (Spark rounds decimal division)
        cast(case services.cost_frequency_unit_type_code
            when 'weekly' then 1
            when 'fortnightly' then cast(1 as double) / 2
            when 'four_weekly' then cast(1 as double) / 4
            when 'monthly' then cast(12 as double) / 52
            when 'quarterly' then cast(4 as double) / 52
            when 'annually' then cast(1 as double) / 52
            when 'one_off' then null
            else abs(cast(services.planned_units_per_week as double))
        end as double) as units_per_week,
        coalesce(services.cost_frequency_unit_type_code = 'one_off', false)
            as is_one_off,
        coalesce(
            services.unit_cost < 0 or services.planned_units_per_week < 0, false
        ) as has_negative_value
    from services
    cross join reporting_periods
    where
        services.event_start_date <= reporting_periods.period_end_date
        and coalesce(services.event_end_date, {{ open_end }})
        >= reporting_periods.window_start_date
),

services_statused as (
    select
        *,
        case
            when unit_cost_size is null or unit_cost_size = 0
                then 'not costed: no unit cost'
            when not is_one_off and (units_per_week is null or units_per_week = 0)
                then 'not costed: no units'
            else 'costed'
        end as cost_status,
        cast({{ dbt.datediff(
            'clipped_start_date', 'clipped_end_date', 'day') }} + 1 as double)
        / 7 as weeks_in_window
    from services_in_window
),

services_costed as (
    select
        event_id,
        la_code,
        person_id,
        event_start_date,
        event_end_date,
        service_type_code,
        service_component_code,
        delivery_mechanism_code,
        cost_frequency_unit_type_code,
        unit_cost,
        planned_units_per_week,
        period_start_date,
        period_end_date,
        window_start_date,
        window_end_date,
        cost_status,
        is_one_off,
        has_negative_value,
        cast(case
            when cost_status = 'costed' and not is_one_off
                then units_per_week
        end as double) as units_per_week,
        cast(case
            when cost_status = 'costed' and not is_one_off
                then weeks_in_window
        end as double) as weeks_in_window,
        cast(case
            when cost_status = 'costed' and not is_one_off
                then unit_cost_size * units_per_week
        end as decimal(18, 4)) as cost_per_week,
        cast(case
            when cost_status = 'costed' and is_one_off then unit_cost_size
            when cost_status = 'costed'
                then unit_cost_size * units_per_week * weeks_in_window
        end as decimal(18, 4)) as cost_in_window,
        cast(case
            when cost_status = 'costed' and not is_one_off
                then unit_cost_size * units_per_week * {{ weeks_per_year }}
        end as decimal(18, 4)) as full_year_cost
    from services_statused
)

select * from services_costed
