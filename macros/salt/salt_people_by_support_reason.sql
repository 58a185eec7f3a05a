{#- The body of SALT LTS001a and LTS001c (and LTS001b Table 1): people of one
    window of int_long_term_clients_resolved ('in_year', 'snapshot' or
    'over_12_months') by age band at the period end, primary support reason
    and SALT setting. A reason missing or invalid on every row of the
    person's setting shows as 'Invalid/NULL' (SALT's own label). -#}
{% macro salt_people_by_support_reason(window_code) -%}
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

clients as (
    select
        la_code,
        age_at_period_end,
        primary_support_reason_code,
        salt_setting
    from {{ ref('int_long_term_clients_resolved') }}
    where
        window_code = '{{ window_code }}'
        and {{ is_in_lts001_age_bands('age_at_period_end') }}
),

labels as (
    select
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
    where field_name = 'primary_support_reason'
),

counted as (
    select
        clients.la_code,
        {{ working_age_band('clients.age_at_period_end') }} as age_band,
        coalesce(labels.display_label, 'Invalid/NULL') as primary_support_reason,
        clients.salt_setting as setting,
        count(*) as people_count
    from clients
    left join labels
        on clients.primary_support_reason_code = labels.code
    group by 1, 2, 3, 4
),

-- The table's fixed cells (macro council_cells_filled).
age_bands as (
    {{ literal_values('age_band', lts001_age_bands()) }}
),

reasons as (
    select display_label as primary_support_reason
    from labels
    union all
    select 'Invalid/NULL' as primary_support_reason
),

settings as (
    select salt_setting as setting
    from {{ ref('salt_lts_settings') }}
    group by 1
),

template_cells as (
    select
        age_bands.age_band,
        reasons.primary_support_reason,
        settings.setting
    from age_bands
    cross join reasons
    cross join settings
    group by 1, 2, 3
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['age_band', 'primary_support_reason', 'setting'],
    ['people_count']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.age_band,
    cells_filled.primary_support_reason,
    cells_filled.setting,
    cast(cells_filled.people_count as bigint) as people_count
from cells_filled
cross join reporting_periods
{%- endmacro %}
