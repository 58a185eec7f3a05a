-- England's waits and requests still waiting are exactly the councils' added
-- up, cell by cell (each request belongs to one council), and each region's
-- those of its councils: no request is lost or counted twice on the way to
-- the area rows. Returns the area cells that differ.
with council_rows as (
    select
        waiting_times.la_code,
        dim_areas.region_code,
        waiting_times.quarter_start_date,
        waiting_times.age_band,
        waiting_times.metric,
        waiting_times.waits_count,
        waiting_times.still_waiting_count
    from {{ ref('waiting_times') }} as waiting_times
    left join {{ ref('dim_areas') }} as dim_areas
        on waiting_times.la_code = dim_areas.area_code
    where waiting_times.area_type = 'council'
),

council_sums as (
    select
        {{ england_area_code() }} as area_code,
        quarter_start_date,
        age_band,
        metric,
        sum(waits_count) as waits_count,
        sum(still_waiting_count) as still_waiting_count
    from council_rows
    group by 1, 2, 3, 4

    union all

    select
        region_code as area_code,
        quarter_start_date,
        age_band,
        metric,
        sum(waits_count) as waits_count,
        sum(still_waiting_count) as still_waiting_count
    from council_rows
    where region_code is not null
    group by 1, 2, 3, 4
),

area_rows as (
    select
        area_code,
        quarter_start_date,
        age_band,
        metric,
        waits_count,
        still_waiting_count
    from {{ ref('waiting_times') }}
    where area_type <> 'council'
)

select
    coalesce(council_sums.area_code, area_rows.area_code) as area_code,
    coalesce(council_sums.quarter_start_date, area_rows.quarter_start_date)
        as quarter_start_date,
    council_sums.waits_count as council_waits,
    area_rows.waits_count as area_waits,
    council_sums.still_waiting_count as council_still_waiting,
    area_rows.still_waiting_count as area_still_waiting
from council_sums
full outer join area_rows
    on
        council_sums.area_code = area_rows.area_code
        and council_sums.quarter_start_date = area_rows.quarter_start_date
        and council_sums.age_band = area_rows.age_band
        and council_sums.metric = area_rows.metric
where
    coalesce(council_sums.waits_count, -1) <> coalesce(area_rows.waits_count, -1)
    or coalesce(council_sums.still_waiting_count, -1)
    <> coalesce(area_rows.still_waiting_count, -1)
