-- New admissions to long-term residential or nursing care for ASCOF 2B (18 to
-- 64) and 2C (65 and above): one row per council, person and age band
-- (shared/reference/salt_ascof_rules.md §6.3, §8.A #20, §8.B #9-10). The
-- events are every submission's latest version of each service
-- (int_events_deduplicated), so an event a later file closed is already closed:
-- that is NHS England's "closed-later removal" (§2.2 regime c). The snapshot is
-- the day after the period end; age is taken there (macro age_in_years, var
-- age_method), so a person turning 65 on 1 April is in 2C.
-- var ascof_2b_2c_rules:
--   'code' (NHS England's script): an admission starts in [period start,
--   snapshot) and is still open at the snapshot; a previous admission is one
--   starting before the period that is still open at the snapshot. No
--   date-of-death filter: a stay never closed after a death still counts.
--   'principles' (NHS England's principles): an admission starts in the period,
--   open at the snapshot or not; a previous admission is one starting before
--   the period and not ended before it.
-- Decisions: a person with a previous admission in the same council is not
-- newly admitted; the script matches previous admissions across councils
-- (§8.B #9), which would hide a council's admission of someone another council
-- still places. A birth date is needed for the admission (unknown age is
-- excluded, as the script does), not for the previous admission: any of the
-- person's events proves the earlier stay. The birth date is the person's
-- (int_people_resolved: from all the person's rows), as in every SALT and ASCOF
-- table, so a person has one age (the script takes each admission row's and
-- counts each distinct age, §8.B #10). A person counts once per council and
-- band. Under-18s are left out. Events
-- without a council code cannot be attributed and are left out.
{%- set rules = method_choice('ascof_2b_2c_rules') %}
{%- if rules not in ['code', 'principles'] %}
    {{ exceptions.raise_compiler_error(
        "var ascof_2b_2c_rules must be 'code' or 'principles', not " ~ rules) }}
{%- endif %}
{#- the test an admission, and a stay begun before the period, must pass -#}
{%- set admission_test = 'is_open_at_snapshot' if rules == 'code' else 'true' %}
{%- set previous_test = 'is_open_at_snapshot' if rules == 'code'
    else 'is_open_at_period_start' %}

with int_reporting_periods as (
    select
        period_start_date,
        cast({{ dbt.dateadd('day', 1, 'period_end_date') }} as date) as snapshot_date
    from {{ ref('int_reporting_periods') }}
),

care_home_services as (
    select
        event_id,
        la_code,
        person_id,
        event_start_date,
        event_end_date
    from {{ ref('int_events_deduplicated') }}
    where
        client_type_code = 'service_user'
        and event_type_code = 'service'
        and service_type_code in ('lt_residential_care', 'lt_nursing_care')
        and la_code is not null
),

person_attributes as (
    -- the person's, not this model's rows' (doc person_attributes_rule)
    {{ person_attributes(['proxy_date_of_birth'], false) }}
),

services_dated as (
    select
        care_home_services.event_id,
        care_home_services.la_code,
        care_home_services.person_id,
        care_home_services.event_start_date,
        {{ age_in_years(
            'person_attributes.proxy_date_of_birth',
            'int_reporting_periods.snapshot_date'
        ) }} as age_at_snapshot,
        care_home_services.event_start_date
        >= int_reporting_periods.period_start_date
        and care_home_services.event_start_date
        < int_reporting_periods.snapshot_date as is_started_in_period,
        care_home_services.event_start_date
        < int_reporting_periods.period_start_date as is_started_before_period,
        coalesce(
            care_home_services.event_end_date >= int_reporting_periods.snapshot_date,
            true
        ) as is_open_at_snapshot,
        coalesce(
            care_home_services.event_end_date
            >= int_reporting_periods.period_start_date,
            true
        ) as is_open_at_period_start
    from care_home_services
    cross join int_reporting_periods
    left join person_attributes
        on
            care_home_services.la_code = person_attributes.la_code
            and care_home_services.person_id = person_attributes.person_id
),

admissions as (
    select
        la_code,
        person_id,
        event_start_date,
        age_at_snapshot
    from services_dated
    where is_started_in_period and {{ admission_test }}
),

previous_admissions as (
    select
        la_code,
        person_id
    from services_dated
    where is_started_before_period and {{ previous_test }}
    group by 1, 2
),

new_admissions as (
    select
        admissions.la_code,
        admissions.person_id,
        admissions.event_start_date,
        admissions.age_at_snapshot,
        {{ working_age_band('admissions.age_at_snapshot') }} as age_band
    from admissions
    left join previous_admissions
        on
            admissions.la_code = previous_admissions.la_code
            and admissions.person_id = previous_admissions.person_id
    where previous_admissions.person_id is null
),

people_banded as (
    select
        la_code,
        person_id,
        age_band,
        min(age_at_snapshot) as age_at_snapshot,
        min(event_start_date) as first_admission_start_date,
        cast(count(*) as bigint) as admission_count
    from new_admissions
    where age_band in ('18 to 64', '65 and above')
    group by 1, 2, 3
)

select * from people_banded
