-- SALT LTS003: carers supported in the period, by support provided and age
-- band at the period end (int_carers_best_supported: each carer once, in the
-- best category; shared/reference/salt_ascof_rules.md §4.10, §5.9). Age bands
-- are SALT's carer bands; an unknown birth date gives 'Unknown'.
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

carers as (
    select
        la_code,
        support_provided,
        age_at_period_end
    from {{ ref('int_carers_best_supported') }}
),

counted as (
    select
        la_code,
        case
            when age_at_period_end is null then 'Unknown'
            when age_at_period_end < 18 then 'Under 18'
            when age_at_period_end <= 25 then '18 to 25'
            when age_at_period_end <= 64 then '26 to 64'
            when age_at_period_end <= 84 then '65 to 84'
            else '85 and above'
        end as age_band,
        support_provided,
        count(*) as carer_count
    from carers
    group by 1, 2, 3
),

-- The table's fixed cells (macro council_cells_filled).
age_bands as (
    {{ literal_values('age_band', [
        'Under 18', '18 to 25', '26 to 64', '65 to 84', '85 and above', 'Unknown']) }}
),

support_categories as (
    {{ literal_values('support_provided', carer_support_categories()) }}
),

template_cells as (
    select
        age_bands.age_band,
        support_categories.support_provided
    from age_bands
    cross join support_categories
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['age_band', 'support_provided'], ['carer_count']) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.age_band,
    cells_filled.support_provided,
    cast(cells_filled.carer_count as bigint) as carer_count
from cells_filled
cross join reporting_periods
