-- The areas every published statistic is given for: each council with a CLD
-- code (seed cld_councils), each English region and England, keyed as the
-- published marts key them (a council by its CLD code, a region and England by
-- their ONS codes).
with councils as (
    select
        la_code,
        la_name,
        region,
        ons_area_code,
        ons_region_code
    from {{ ref('cld_councils') }}
    where la_code is not null
),

regions as (
    select
        ons_region_code,
        region,
        count(*) as councils_in_area
    from councils
    group by 1, 2
),

areas as (
    select
        la_code as area_code,
        'council' as area_type,
        la_name as area_name,
        la_code,
        ons_area_code,
        ons_region_code as region_code,
        region as region_name,
        1 as councils_in_area
    from councils

    union all

    select
        ons_region_code as area_code,
        'region' as area_type,
        region as area_name,
        cast(null as {{ dbt.type_string() }}) as la_code,
        ons_region_code as ons_area_code,
        ons_region_code as region_code,
        region as region_name,
        councils_in_area
    from regions

    union all

    select
        {{ england_area_code() }} as area_code,
        'england' as area_type,
        'England' as area_name,
        cast(null as {{ dbt.type_string() }}) as la_code,
        {{ england_area_code() }} as ons_area_code,
        cast(null as {{ dbt.type_string() }}) as region_code,
        cast(null as {{ dbt.type_string() }}) as region_name,
        count(*) as councils_in_area
    from councils
)

select
    area_code,
    area_type,
    area_name,
    la_code,
    ons_area_code,
    region_code,
    region_name,
    cast(councils_in_area as int) as councils_in_area
from areas
