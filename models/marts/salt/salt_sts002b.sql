-- SALT STS002b: short-term support to maximise independence (ST-Max) for
-- existing clients (long-term support running on the episode's first day,
-- both ends inclusive, §2.5) by sequel and age band at the period end. The
-- count unit is an ST-Max episode (int_st_max_sequels) ending in the period,
-- sequel derived (not superseded by a later ST-Max), the person not dead
-- before the period start. NHS England's script gives the headline only; the
-- sequel split uses the STS002a rules and is this warehouse's addition.
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

episodes as (
    select
        la_code,
        person_id,
        age_at_period_end,
        sequel
    from {{ ref('int_st_max_sequels') }}
    where is_in_period and is_existing_client and sequel is not null
),

people as (
    select
        la_code,
        person_id,
        date_of_death
    from {{ ref('int_people_resolved') }}
),

counted as (
    select
        episodes.la_code,
        {{ working_age_band('episodes.age_at_period_end') }} as age_band,
        episodes.sequel,
        count(*) as episode_count
    from episodes
    cross join reporting_periods
    left join people
        on
            episodes.la_code = people.la_code
            and episodes.person_id = people.person_id
    where coalesce(people.date_of_death >= reporting_periods.period_start_date, true)
    group by 1, 2, 3
),

-- The table's fixed cells (macro council_cells_filled).
age_bands as (
    {{ literal_values('age_band', working_age_bands()) }}
),

sequels as (
    {{ st_max_sequel_values() }}
),

template_cells as (
    select
        age_bands.age_band,
        sequels.sequel
    from age_bands
    cross join sequels
    group by 1, 2
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['age_band', 'sequel'], ['episode_count']) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.age_band,
    cells_filled.sequel,
    cast(cells_filled.episode_count as bigint) as episode_count
from cells_filled
cross join reporting_periods
