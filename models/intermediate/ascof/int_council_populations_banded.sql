-- The ASCOF 2B and 2C denominators: the mid-year population of each council
-- (seed ons_mid_year_population, persons) summed into the bands 18 to 64 and
-- 65 and above (macro working_age_band; 90 in the seed means 90 and over).
-- estimate_source is carried so the mart can say when the figures are
-- synthetic. Councils the seed has no CLD code for (cld_councils lacks one)
-- cannot meet CLD data and are left out.
with ons_mid_year_population as (
    select
        code,
        name,
        la_code,
        age,
        population,
        estimate_source
    from {{ ref('ons_mid_year_population') }}
    where sex = 'persons' and la_code is not null
),

populations_banded as (
    select
        la_code,
        {{ working_age_band('age') }} as age_band,
        code as ons_area_code,
        name as ons_area_name,
        estimate_source,
        cast(sum(population) as bigint) as population
    from ons_mid_year_population
    where age >= 18
    group by 1, 2, 3, 4, 5
)

select * from populations_banded
