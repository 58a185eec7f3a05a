-- The ASCOF 2B and 2C denominators: each council's population aged 18 to 64
-- and 65 and above (seed ons_mid_year_population, banded already) in the year
-- of the reporting period (int_reporting_periods): the year of the first 30
-- June on or after the period start (2024 for April 2024 to March 2025), or
-- var ascof_population_year when set. A council without figures for that
-- year takes its latest earlier year, else its nearest later one;
-- population_year says which year was used and estimate_source which ONS
-- release. Councils without a CLD code (seed cld_councils) cannot meet CLD
-- data and are left out.
with ons_mid_year_population as (
    select
        la_code,
        ons_area_code,
        year,
        age_band,
        population,
        estimate_source
    from {{ ref('ons_mid_year_population') }}
    where la_code is not null
),

cld_councils as (
    select
        la_code,
        la_name
    from {{ ref('cld_councils') }}
    where la_code is not null
),

int_reporting_periods as (
    select period_start_date
    from {{ ref('int_reporting_periods') }}
),

target_years as (
    select
        {% if var('ascof_population_year') %}
            cast({{ var('ascof_population_year') }} as int) as target_year
        {% else %}
            cast(
                extract(year from period_start_date)
                + case when extract(month from period_start_date) > 6 then 1 else 0 end
                as int
            ) as target_year
        {% endif %}
    from int_reporting_periods
),

council_years as (
    select
        la_code,
        year
    from ons_mid_year_population
    group by 1, 2
),

-- Per council: the target year first, then earlier years (latest first), then
-- later years (nearest first).
council_years_ranked as (
    select
        council_years.la_code,
        council_years.year,
        row_number() over (
            partition by council_years.la_code
            order by
                case
                    when council_years.year <= target_years.target_year
                        then target_years.target_year - council_years.year
                    else 10000 + council_years.year - target_years.target_year
                end
        ) as year_rank
    from council_years
    cross join target_years
),

populations_chosen as (
    select
        ons_mid_year_population.la_code,
        ons_mid_year_population.age_band,
        ons_mid_year_population.ons_area_code,
        cld_councils.la_name as ons_area_name,
        cast(ons_mid_year_population.year as int) as population_year,
        ons_mid_year_population.estimate_source,
        cast(ons_mid_year_population.population as bigint) as population
    from ons_mid_year_population
    inner join council_years_ranked
        on
            ons_mid_year_population.la_code = council_years_ranked.la_code
            and ons_mid_year_population.year = council_years_ranked.year
            and council_years_ranked.year_rank = 1
    inner join cld_councils
        on ons_mid_year_population.la_code = cld_councils.la_code
)

select * from populations_chosen
