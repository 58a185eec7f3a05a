-- ASCOF measures from CLD: one row per council, period, measure, part and
-- breakdown with numerator, denominator and value (see the model docs for
-- each measure's method). Person-based measures leave out people known to be
-- under 18; 'Total' also counts people of unknown age or another gender.
{%- set ascof_2a_denominator = [
    'Long Term Support (any setting)',
    'Ongoing Low Level Support',
    'Short Term Support (other)',
    'No Services Provided – Universal Services / signposted to other services',
    'No services provided – other'
] %}
{%- set client_window = 'snapshot' if var('ascof_3d_client_window') == 'snapshot'
    else 'in_year' %}
{%- if var('ascof_3d_client_window') not in ['snapshot', 'in_year'] %}
    {{ exceptions.raise_compiler_error(
        "var ascof_3d_client_window must be snapshot or in_year") }}
{%- endif %}

with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

st_max_episodes as (
    select
        la_code,
        age_band,
        sequel,
        episode_count
    from {{ ref('salt_sts002a') }}
    where breakdown = 'Total' and age_band <> 'Under 18'
),

long_term_clients as (
    select
        la_code,
        setting_rank,
        {{ working_age_band('age_at_period_end') }} as age_band
    from {{ ref('int_long_term_clients_resolved') }}
    where window_code = '{{ client_window }}'
),

carers as (
    select
        la_code,
        ascof_3d_support_rank,
        {{ working_age_band('age_at_period_end') }} as age_band
    from {{ ref('int_carers_best_supported') }}
),

statuses as (
    select
        la_code,
        cohort_code,
        is_settled,
        is_paid,
        case gender_code when 'male' then 'Male' when 'female' then 'Female' end
            as gender,
        {{ working_age_band('age_at_period_end') }} as age_band
    from {{ ref('int_long_term_statuses_resolved') }}
),

-- One row per counted unit (an episode, a person) and measure part, with its
-- weight in the denominator and numerator and its breakdown value.
measured_units as (
    {% for part in [('1a', '3, 4'), ('2a', '3')] %}
        select
            la_code,
            '3D' as measure_id,
            '1C' as previous_measure_id,
            '{{ part[0] }}' as measure_part,
            age_band as breakdown_value,
            case when setting_rank between 3 and 6 then 1 else 0 end
                as denominator_weight,
            case when setting_rank in ({{ part[1] }}) then 1 else 0 end
                as numerator_weight
        from long_term_clients
        where age_band <> 'Under 18'
        union all
    {% endfor %}
    {% for part in [('1b', '1, 2'), ('2b', '1')] %}
        select
            la_code,
            '3D' as measure_id,
            '1C' as previous_measure_id,
            '{{ part[0] }}' as measure_part,
            age_band as breakdown_value,
            case when ascof_3d_support_rank <= 3 then 1 else 0 end
                as denominator_weight,
            case when ascof_3d_support_rank in ({{ part[1] }}) then 1 else 0 end
                as numerator_weight
        from carers
        where age_band <> 'Under 18'
        union all
    {% endfor %}
    select
        la_code,
        '2A' as measure_id,
        '2D' as previous_measure_id,
        'all' as measure_part,
        age_band as breakdown_value,
        case
            when sequel in (
                {% for label in ascof_2a_denominator %}
                    '{{ label }}'{% if not loop.last %},{% endif %}
                {% endfor %}
            ) then episode_count
            else 0
        end as denominator_weight,
        case
            when sequel in (
                {% for label in ascof_2a_denominator[1:] %}
                    '{{ label }}'{% if not loop.last %},{% endif %}
                {% endfor %}
            ) then episode_count
            else 0
        end as numerator_weight
    from st_max_episodes
    union all
    select
        la_code,
        '2E' as measure_id,
        '1G' as previous_measure_id,
        case
            when cohort_code = 'ascof_2e' then 'all'
            else 'learning disability 18 to 64'
        end as measure_part,
        gender as breakdown_value,
        1 as denominator_weight,
        case when is_settled then 1 else 0 end as numerator_weight
    from statuses
    where age_band <> 'Under 18'
    union all
    select
        la_code,
        '1E' as measure_id,
        '1E' as previous_measure_id,
        'learning disability 18 to 64' as measure_part,
        gender as breakdown_value,
        1 as denominator_weight,
        case when is_paid then 1 else 0 end as numerator_weight
    from statuses
    where cohort_code = 'lts004'
),

measured as (
    select
        la_code,
        measure_id,
        previous_measure_id,
        measure_part,
        'Total' as breakdown,
        sum(numerator_weight) as numerator,
        sum(denominator_weight) as denominator
    from measured_units
    group by 1, 2, 3, 4, 5
    union all
    select
        la_code,
        measure_id,
        previous_measure_id,
        measure_part,
        breakdown_value as breakdown,
        sum(numerator_weight) as numerator,
        sum(denominator_weight) as denominator
    from measured_units
    where breakdown_value in ('18 to 64', '65 and above', 'Male', 'Female')
    group by 1, 2, 3, 4, 5
),

admission_rates as (
    select
        la_code,
        case age_band when '18 to 64' then '2B' else '2C' end as measure_id,
        case age_band when '18 to 64' then '2A(1)' else '2A(2)' end
            as previous_measure_id,
        'all' as measure_part,
        age_band as breakdown,
        admission_count as numerator,
        population as denominator,
        estimate_source
    from {{ ref('int_care_home_admission_rates_counted') }}
),

all_measures as (
    select
        la_code,
        measure_id,
        previous_measure_id,
        measure_part,
        breakdown,
        numerator,
        denominator,
        100.0 as per_units,
        'percent' as value_unit,
        'CLD' as denominator_source
    from measured
    where denominator > 0
    union all
    select
        la_code,
        measure_id,
        previous_measure_id,
        measure_part,
        breakdown,
        numerator,
        denominator,
        100000.0 as per_units,
        'per 100,000 population' as value_unit,
        concat('ONS mid-year population estimate: ', estimate_source)
            as denominator_source
    from admission_rates
    where denominator > 0
),

-- The measures' fixed cells (macro council_cells_filled): every part and
-- breakdown above, so a council with nobody in a cohort shows 0 of 0.
{%- set measure_cells = [
    ['3D', '1C', '1a', 'Total', 'percent'],
    ['3D', '1C', '1a', '18 to 64', 'percent'],
    ['3D', '1C', '1a', '65 and above', 'percent'],
    ['3D', '1C', '2a', 'Total', 'percent'],
    ['3D', '1C', '2a', '18 to 64', 'percent'],
    ['3D', '1C', '2a', '65 and above', 'percent'],
    ['3D', '1C', '1b', 'Total', 'percent'],
    ['3D', '1C', '1b', '18 to 64', 'percent'],
    ['3D', '1C', '1b', '65 and above', 'percent'],
    ['3D', '1C', '2b', 'Total', 'percent'],
    ['3D', '1C', '2b', '18 to 64', 'percent'],
    ['3D', '1C', '2b', '65 and above', 'percent'],
    ['2A', '2D', 'all', 'Total', 'percent'],
    ['2A', '2D', 'all', '18 to 64', 'percent'],
    ['2A', '2D', 'all', '65 and above', 'percent'],
    ['2E', '1G', 'all', 'Total', 'percent'],
    ['2E', '1G', 'all', 'Male', 'percent'],
    ['2E', '1G', 'all', 'Female', 'percent'],
    ['2E', '1G', 'learning disability 18 to 64', 'Total', 'percent'],
    ['2E', '1G', 'learning disability 18 to 64', 'Male', 'percent'],
    ['2E', '1G', 'learning disability 18 to 64', 'Female', 'percent'],
    ['1E', '1E', 'learning disability 18 to 64', 'Total', 'percent'],
    ['1E', '1E', 'learning disability 18 to 64', 'Male', 'percent'],
    ['1E', '1E', 'learning disability 18 to 64', 'Female', 'percent'],
    ['2B', '2A(1)', 'all', '18 to 64', 'per 100,000'],
    ['2C', '2A(2)', 'all', '65 and above', 'per 100,000']
] %}
template_cells as (
    {% for measure_id, previous_measure_id, measure_part, breakdown, unit
        in measure_cells %}
        select
            '{{ measure_id }}' as measure_id,
            '{{ previous_measure_id }}' as previous_measure_id,
            '{{ measure_part }}' as measure_part,
            '{{ breakdown }}' as breakdown,
            {% if unit == 'percent' %}
                100.0 as per_units,
                'percent' as value_unit
            {% else %}
                100000.0 as per_units,
                'per 100,000 population' as value_unit
            {% endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- denominator_source is a value, not a cell: 2B/2C name each council's estimate.
{{ council_cells_filled(
    'all_measures',
    'template_cells',
    ['measure_id', 'previous_measure_id', 'measure_part', 'breakdown', 'per_units',
        'value_unit'],
    ['numerator', 'denominator'],
    ['denominator_source']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.measure_id,
    cells_filled.previous_measure_id,
    cells_filled.measure_part,
    case cells_filled.measure_id
        when '1E' then 'Adults with a learning disability in paid employment'
        when '2A'
            then concat(
                'Short-term support (ST-Max) for new clients with no further',
                ' request for ongoing support'
            )
        when '2B'
            then concat(
                'Adults aged 18 to 64 whose long-term support needs are met by',
                ' admission to residential and nursing care homes'
            )
        when '2C'
            then concat(
                'Adults aged 65 and over whose long-term support needs are met by',
                ' admission to residential and nursing care homes'
            )
        when '2E'
            then concat(
                'People receiving long-term support who live in their own home or',
                ' with family'
            )
        when '3D'
            then concat(
                'People using social care who receive self-directed support (1a',
                ' clients, 1b carers) and direct payments (2a clients, 2b carers)'
            )
    end as measure_name,
    cells_filled.breakdown,
    cast(cells_filled.numerator as bigint) as numerator,
    cast(cells_filled.denominator as bigint) as denominator,
    cast(cells_filled.numerator as double) * cells_filled.per_units
    / cast(nullif(cells_filled.denominator, 0) as double) as measure_value,
    cells_filled.value_unit,
    -- a filled percent cell counts from CLD too; a filled 2B/2C cell has no
    -- population estimate to name
    coalesce(
        cells_filled.denominator_source,
        case when cells_filled.value_unit = 'percent' then 'CLD' end
    ) as denominator_source
from cells_filled
cross join reporting_periods
