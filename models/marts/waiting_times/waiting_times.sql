-- One row per area (council, region, England), quarter of the reporting period,
-- age band and metric (wait to first response, wait to first service) with
-- waits or requests still waiting: DHSC's waiting-times measures
-- (shared/reference/dhsc_pipeline.md §5) from the waits and open requests of
-- int_waits_quartered, plus the 75th and 90th percentiles and the requests
-- still waiting at the quarter end. A region's and England's medians come from
-- their councils' requests, not from the councils' medians.
with waits as (
    select
        la_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric,
        wait_days,
        waited_so_far_days
    from {{ ref('int_waits_quartered') }}
),

quarters as (
    select
        quarter_start_date,
        quarter_end_date
    from {{ ref('int_reporting_quarters') }}
),

councils as (
    select
        la_code,
        la_name,
        region,
        ons_region_code
    from {{ ref('cld_councils') }}
    where la_code is not null
),

-- Each wait and open request counts for its council, its council's region and
-- England, so their medians come from the requests themselves.
area_levels as (
    {{ literal_values('area_type', ['council', 'region', 'england']) }}
),

waits_by_area as (
    select
        area_levels.area_type,
        case area_levels.area_type
            when 'council' then waits.la_code
            when 'region' then councils.ons_region_code
            else {{ england_area_code() }}
        end as area_code,
        waits.la_code,
        waits.quarter_start_date,
        waits.quarter_end_date,
        waits.age_band,
        waits.metric,
        waits.wait_days,
        waits.waited_so_far_days
    from waits
    cross join area_levels
    left join councils
        on waits.la_code = councils.la_code
    where area_levels.area_type <> 'region' or councils.ons_region_code is not null
),

-- Percentiles ignore NULLs, so each measure sees only its own rows; rounded to
-- 2 decimals so that floating-point noise does not differ between engines.
measures as (
    select
        area_type,
        area_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric,
        cast(count(wait_days) as bigint) as waits_count,
        {% for percentile, column_name in [
            (0.5, 'median_wait_days'),
            (0.75, 'p75_wait_days'),
            (0.9, 'p90_wait_days')] %}
            cast(round(
                percentile_cont({{ percentile }}) within group (order by wait_days), 2
            ) as double) as {{ column_name }},
        {% endfor %}
        cast(count(waited_so_far_days) as bigint) as still_waiting_count,
        cast(round(
            percentile_cont(0.5) within group (order by waited_so_far_days), 2
        ) as double) as still_waiting_median_days
    from waits_by_area
    group by 1, 2, 3, 4, 5, 6
),

council_measures as (
    select
        area_code as la_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric,
        waits_count,
        median_wait_days,
        p75_wait_days,
        p90_wait_days,
        still_waiting_count,
        still_waiting_median_days
    from measures
    where area_type = 'council'
),

-- The table's fixed cells (macro council_cells_filled): every quarter, age
-- band of the cohort (25 and over) and metric.
age_bands as (
    {{ literal_values('age_band', ['25 to 64', '65 and above']) }}
),

metrics as (
    {{ literal_values('metric', ['Wait to first response', 'Wait to first service']) }}
),

template_cells as (
    select
        quarters.quarter_start_date,
        quarters.quarter_end_date,
        age_bands.age_band,
        metrics.metric
    from quarters
    cross join age_bands
    cross join metrics
),

{{ council_cells_filled(
    'council_measures',
    'template_cells',
    ['quarter_start_date', 'quarter_end_date', 'age_band', 'metric'],
    ['waits_count', 'still_waiting_count'],
    ['median_wait_days', 'p75_wait_days', 'p90_wait_days', 'still_waiting_median_days']
) }},

-- A region's and England's rows: every cell that any of their councils' rows
-- has (so every template cell once one council covers the period), with the
-- area's own counts and percentiles, 0 and NULL where it has none.
council_areas as (
    select
        cells_filled.la_code,
        councils.ons_region_code as region_code
    from cells_filled
    left join councils
        on cells_filled.la_code = councils.la_code
    group by 1, 2
),

area_councils as (
    select
        'region' as area_type,
        region_code as area_code,
        count(*) as councils_included
    from council_areas
    where region_code is not null
    group by 1, 2

    union all

    select
        'england' as area_type,
        {{ england_area_code() }} as area_code,
        count(*) as councils_included
    from council_areas
),

area_cells as (
    select
        'region' as area_type,
        council_areas.region_code as area_code,
        cells_filled.quarter_start_date,
        cells_filled.quarter_end_date,
        cells_filled.age_band,
        cells_filled.metric
    from cells_filled
    inner join council_areas
        on cells_filled.la_code = council_areas.la_code
    where council_areas.region_code is not null
    group by 1, 2, 3, 4, 5, 6

    union all

    select
        'england' as area_type,
        {{ england_area_code() }} as area_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric
    from cells_filled
    group by 1, 2, 3, 4, 5, 6
),

area_rows as (
    select
        area_cells.area_type,
        area_cells.area_code,
        area_cells.quarter_start_date,
        area_cells.quarter_end_date,
        area_cells.age_band,
        area_cells.metric,
        coalesce(measures.waits_count, 0) as waits_count,
        measures.median_wait_days,
        measures.p75_wait_days,
        measures.p90_wait_days,
        coalesce(measures.still_waiting_count, 0) as still_waiting_count,
        measures.still_waiting_median_days,
        area_councils.councils_included
    from area_cells
    inner join area_councils
        on
            area_cells.area_type = area_councils.area_type
            and area_cells.area_code = area_councils.area_code
    left join measures
        on
            area_cells.area_type = measures.area_type
            and area_cells.area_code = measures.area_code
            and area_cells.quarter_start_date = measures.quarter_start_date
            and area_cells.age_band = measures.age_band
            and area_cells.metric = measures.metric
),

rows_with_areas as (
    select
        'council' as area_type,
        la_code as area_code,
        la_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric,
        waits_count,
        median_wait_days,
        p75_wait_days,
        p90_wait_days,
        still_waiting_count,
        still_waiting_median_days,
        1 as councils_included
    from cells_filled

    union all

    select
        area_type,
        area_code,
        cast(null as {{ dbt.type_string() }}) as la_code,
        quarter_start_date,
        quarter_end_date,
        age_band,
        metric,
        waits_count,
        median_wait_days,
        p75_wait_days,
        p90_wait_days,
        still_waiting_count,
        still_waiting_median_days,
        councils_included
    from area_rows
),

region_names as (
    select
        ons_region_code,
        max(region) as region_name
    from councils
    group by 1
)

select
    rows_with_areas.area_type,
    rows_with_areas.area_code,
    coalesce(
        councils.la_name,
        region_names.region_name,
        case when rows_with_areas.area_type = 'england' then 'England' end
    ) as area_name,
    rows_with_areas.la_code,
    coalesce(councils.region, region_names.region_name) as region_name,
    rows_with_areas.quarter_start_date,
    rows_with_areas.quarter_end_date,
    rows_with_areas.age_band,
    rows_with_areas.metric,
    cast(rows_with_areas.waits_count as bigint) as waits_count,
    rows_with_areas.median_wait_days,
    rows_with_areas.p75_wait_days,
    rows_with_areas.p90_wait_days,
    cast(rows_with_areas.still_waiting_count as bigint) as still_waiting_count,
    rows_with_areas.still_waiting_median_days,
    cast(rows_with_areas.councils_included as int) as councils_included
from rows_with_areas
left join councils
    on rows_with_areas.la_code = councils.la_code
left join region_names
    on
        rows_with_areas.area_type = 'region'
        and rows_with_areas.area_code = region_names.ons_region_code
