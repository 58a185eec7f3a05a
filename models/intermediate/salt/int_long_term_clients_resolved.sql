-- One row per council, person and window of the long-term support tables
-- (shared/reference/salt_ascof_rules.md §5.5 to 5.7, §6.6), from each
-- council's latest submission covering the period:
--   in_year         a service active on any day of the period (LTS001a);
--   snapshot        a service active on the period end (LTS001b, 3D clients);
--   over_12_months  a snapshot service whose chain of long-term services
--                   (1-day gap, across settings) started a year or more before
--                   (LTS001c, var lts001c_cutoff).
-- A person dead before the period start (in_year) or the period end (the
-- others) is left out. The age and the date of death are the person's
-- (int_people_resolved: from all the person's rows), as in every SALT table.
-- The person sits in the highest setting of the window (seed
-- salt_lts_settings), and the person fields come only from the rows of that
-- setting (setting-first, §2.11): known beats unknown, then the latest start;
-- rows still disagreeing give unknown. Missing or invalid values are NULL
-- codes and never win (the script counts an invalid value as known).
-- Stored, not a view: six marts read it (LTS001a/b/c, LTS002a/b,
-- ASCOF 3D), and each would re-derive the chains at national scale.
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

person_attributes as (
    -- the person's, not this model's rows' (doc person_attributes_rule)
    {{ person_attributes(['date_of_death', 'age_at_period_end']) }}
),

services as (
    select
        services.event_id,
        services.la_code,
        services.person_id,
        services.event_start_date,
        services.event_end_date,
        services.setting_rank,
        services.salt_setting,
        services.broad_setting,
        services.primary_support_reason_code,
        services.has_unpaid_carer_code,
        services.ethnicity_code,
        services.gender_code,
        person_attributes.date_of_death
    from {{ ref('int_long_term_services_ranked') }} as services
    left join person_attributes
        on
            services.la_code = person_attributes.la_code
            and services.person_id = person_attributes.person_id
    where
        services.event_start_date is not null
        and {{ is_birth_date_acceptable('services.proxy_date_of_birth') }}
        and {{ is_partition_unbuilt('services.la_code', 'la_code') }}
),

service_chains as (
    {{ cld_islands('services', 'la_code, person_id', 1, 'event_id') }}
),

chained_services as (
    select
        *,
        min(event_start_date) over (
            partition by la_code, person_id, island_number
        ) as chain_start_date
    from service_chains
),

-- Snapshot rows are read twice: as the snapshot and, where the chain is old
-- enough, as over_12_months.
snapshot_copies as (
    select 1 as copy_number
    union all
    select 2 as copy_number
),

window_rows as (
    select
        'in_year' as window_code,
        chained_services.*
    from chained_services
    cross join reporting_periods
    where
        chained_services.event_start_date <= reporting_periods.period_end_date
        and coalesce(
            chained_services.event_end_date >= reporting_periods.period_start_date, true
        )
        and coalesce(
            chained_services.date_of_death >= reporting_periods.period_start_date, true
        )
    union all
    select
        case
            when copies.copy_number = 1 then 'snapshot' else 'over_12_months'
        end as window_code,
        chained_services.*
    from chained_services
    cross join reporting_periods
    cross join snapshot_copies as copies
    where
        chained_services.event_start_date <= reporting_periods.period_end_date
        and coalesce(
            chained_services.event_end_date >= reporting_periods.period_end_date, true
        )
        and coalesce(
            chained_services.date_of_death >= reporting_periods.period_end_date, true
        )
        and (
            copies.copy_number = 1
            or {{ lts001c_started_by_cutoff(
                'chained_services.chain_start_date', 'reporting_periods.period_end_date'
            ) }}
        )
),

ranked_window_rows as (
    select
        *,
        min(setting_rank) over (
            partition by la_code, person_id, window_code
        ) as best_setting_rank
    from window_rows
),

best_setting_rows as (
    select *
    from ranked_window_rows
    where setting_rank = best_setting_rank
),

{{ resolved_values('best_setting_rows', 'la_code, person_id, window_code',
    'primary_support_reason', 'unknown') }},

{{ resolved_values('best_setting_rows', 'la_code, person_id, window_code',
    'has_unpaid_carer', 'unknown') }},

{{ resolved_values('best_setting_rows', 'la_code, person_id, window_code',
    'ethnicity', 'undeclared_or_not_known') }},

{{ resolved_values('best_setting_rows', 'la_code, person_id, window_code',
    'gender', 'unknown') }},

clients as (
    select
        la_code,
        person_id,
        window_code,
        min(setting_rank) as setting_rank,
        min(salt_setting) as salt_setting,
        min(broad_setting) as broad_setting
    from best_setting_rows
    group by 1, 2, 3
),

clients_final as (
    select
        clients.la_code,
        clients.person_id,
        clients.window_code,
        cast(clients.setting_rank as int) as setting_rank,
        clients.salt_setting,
        clients.broad_setting,
        primary_support_reason_resolved.primary_support_reason_code,
        has_unpaid_carer_resolved.has_unpaid_carer_code,
        ethnicity_resolved.ethnicity_code,
        gender_resolved.gender_code,
        person_attributes.age_at_period_end
    from clients
    left join person_attributes
        on
            clients.la_code = person_attributes.la_code
            and clients.person_id = person_attributes.person_id
    {% for field_name in [
        'primary_support_reason', 'has_unpaid_carer', 'ethnicity', 'gender'] %}
        left join {{ field_name }}_resolved
            on
                clients.la_code = {{ field_name }}_resolved.la_code
                and clients.person_id = {{ field_name }}_resolved.person_id
                and clients.window_code = {{ field_name }}_resolved.window_code
    {% endfor %}
),

{{ select_with_council_input_key('clients_final') }}
