-- SALT LTS001b: people receiving long-term support on the period end (the
-- snapshot), each once in the highest setting (int_long_term_clients_resolved),
-- in SALT's tables:
--   Table 1   primary support reason x setting, by age band at the snapshot
--             (SALT's 1a and 1b are the bands 18 to 64 and 65 and above);
--   Table 2   support from an unpaid carer x setting, all ages;
--   Table 3a  ethnicity x setting of men; Table 3b of women;
--   Table 3c  people of another or unknown gender, by gender and setting.
-- Each table counts every snapshot client once. Values missing or invalid on
-- every row of the person's setting show as 'Invalid/NULL'.
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
        has_unpaid_carer_code,
        ethnicity_code,
        gender_code,
        salt_setting
    from {{ ref('int_long_term_clients_resolved') }}
    where
        window_code = 'snapshot'
        and {{ is_in_lts001_age_bands('age_at_period_end') }}
),

labels as (
    select
        field_name,
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
    where
        field_name in (
            'primary_support_reason', 'has_unpaid_carer', 'ethnicity', 'gender'
        )
),

described_clients as (
    select
        clients.la_code,
        clients.salt_setting,
        clients.gender_code,
        {{ working_age_band('clients.age_at_period_end') }} as age_band,
        coalesce(reason_labels.display_label, 'Invalid/NULL') as primary_support_reason,
        coalesce(carer_labels.display_label, 'Invalid/NULL') as has_unpaid_carer,
        coalesce(ethnicity_labels.display_label, 'Invalid/NULL') as ethnicity,
        coalesce(gender_labels.display_label, 'Invalid/NULL') as gender
    from clients
    left join labels as reason_labels
        on
            clients.primary_support_reason_code = reason_labels.code
            and reason_labels.field_name = 'primary_support_reason'
    left join labels as carer_labels
        on
            clients.has_unpaid_carer_code = carer_labels.code
            and carer_labels.field_name = 'has_unpaid_carer'
    left join labels as ethnicity_labels
        on
            clients.ethnicity_code = ethnicity_labels.code
            and ethnicity_labels.field_name = 'ethnicity'
    left join labels as gender_labels
        on
            clients.gender_code = gender_labels.code
            and gender_labels.field_name = 'gender'
),

table_cells as (
    select
        la_code,
        'Table 1' as table_part,
        age_band,
        'Primary support reason' as breakdown,
        primary_support_reason as breakdown_value,
        salt_setting
    from described_clients
    union all
    select
        la_code,
        'Table 2' as table_part,
        'All ages' as age_band,
        'Support from an unpaid carer' as breakdown,
        has_unpaid_carer as breakdown_value,
        salt_setting
    from described_clients
    union all
    select
        la_code,
        case
            when gender_code = 'male' then 'Table 3a'
            when gender_code = 'female' then 'Table 3b'
            else 'Table 3c'
        end as table_part,
        'All ages' as age_band,
        case
            when gender_code in ('male', 'female') then 'Ethnicity' else 'Gender'
        end as breakdown,
        case
            when gender_code in ('male', 'female') then ethnicity else gender
        end as breakdown_value,
        salt_setting
    from described_clients
),

counted as (
    select
        la_code,
        table_part,
        age_band,
        breakdown,
        breakdown_value,
        salt_setting as setting,
        count(*) as people_count
    from table_cells
    group by 1, 2, 3, 4, 5, 6
),

-- The table's fixed cells (macro council_cells_filled): each table's
-- breakdown values (and 'Invalid/NULL') in every setting.
age_bands as (
    {{ literal_values('age_band', lts001_age_bands()) }}
),

reasons as (
    select display_label
    from labels
    where field_name = 'primary_support_reason'
    union all
    select 'Invalid/NULL' as display_label
),

table_breakdowns as (
    select
        'Table 1' as table_part,
        age_bands.age_band,
        'Primary support reason' as breakdown,
        reasons.display_label as breakdown_value
    from age_bands
    cross join reasons
    {% for table_part, breakdown, field_name, code_condition in [
        ('Table 2', 'Support from an unpaid carer', 'has_unpaid_carer', 'true'),
        ('Table 3a', 'Ethnicity', 'ethnicity', 'true'),
        ('Table 3b', 'Ethnicity', 'ethnicity', 'true'),
        ('Table 3c', 'Gender', 'gender', "code not in ('male', 'female')")] %}
        union all
        select
            '{{ table_part }}' as table_part,
            'All ages' as age_band,
            '{{ breakdown }}' as breakdown,
            display_label as breakdown_value
        from labels
        where field_name = '{{ field_name }}' and {{ code_condition }}
        union all
        select
            '{{ table_part }}' as table_part,
            'All ages' as age_band,
            '{{ breakdown }}' as breakdown,
            'Invalid/NULL' as breakdown_value
    {% endfor %}
),

settings as (
    select salt_setting as setting
    from {{ ref('salt_lts_settings') }}
    group by 1
),

template_cells as (
    select
        table_breakdowns.table_part,
        table_breakdowns.age_band,
        table_breakdowns.breakdown,
        table_breakdowns.breakdown_value,
        settings.setting
    from table_breakdowns
    cross join settings
    group by 1, 2, 3, 4, 5
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['table_part', 'age_band', 'breakdown', 'breakdown_value', 'setting'],
    ['people_count']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.table_part,
    cells_filled.age_band,
    cells_filled.breakdown,
    cells_filled.breakdown_value,
    cells_filled.setting,
    cast(cells_filled.people_count as bigint) as people_count
from cells_filled
cross join reporting_periods
