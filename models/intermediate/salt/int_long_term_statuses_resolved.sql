-- One row per council, person and cohort of the accommodation and employment
-- measures, from each council's latest submission covering the period, with
-- one accommodation and one employment status per person:
--   lts004    LTS004, old ASCOF 1E and 1G: long-term services active in the
--             period whose own row gives the primary support reason Learning
--             Disability Support, for people aged 18 to 64 at the period end
--             (shared/reference/salt_ascof_rules.md §5.10, §6.7); prison only
--             with var lts004_include_prison (the principles leave it out);
--   ascof_2e  ASCOF 2E: nursing, residential and community services active in
--             the period, any age and reason (§6.5).
-- People dead before the period start are left out. The age and the date of
-- death are the person's (int_people_resolved: from all the person's rows), as
-- in every SALT table. Statuses are date-first (§2.11): among rows with a
-- valid status, the latest-starting rows win, then known beats unknown, and
-- rows still disagreeing give unknown; a person with no valid status has NULL.
-- Gender is resolved known-first over the cohort rows, so each person has one
-- row (the script groups by gender and can count a person twice, §8.B #15).
-- is_settled and is_paid: the status's group in seed salt_status_groups
-- (false for no valid status).
-- Stored council by council (int_council_inputs_keyed), not a view: two marts
-- and three tests read it, and as a view each re-derived it at national scale
-- (about 6 s each in a one-council refresh).
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
{%- set lts004_settings = ['lt_nursing_care', 'lt_residential_care', 'lt_community']
    + (['lt_prison'] if method_choice('lts004_include_prison') else []) %}

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
        services.la_code,
        services.person_id,
        services.event_start_date,
        services.service_type_code,
        services.primary_support_reason_code,
        services.gender_code,
        services.accommodation_status_code,
        services.employment_status_code,
        person_attributes.date_of_death,
        person_attributes.age_at_period_end
    from {{ ref('int_long_term_services_ranked') }} as services
    cross join reporting_periods
    left join person_attributes
        on
            services.la_code = person_attributes.la_code
            and services.person_id = person_attributes.person_id
    where
        services.event_start_date <= reporting_periods.period_end_date
        and coalesce(
            services.event_end_date >= reporting_periods.period_start_date, true
        )
        and {{ is_partition_unbuilt('services.la_code', 'la_code') }}
),

aged_services as (
    select services.*
    from services
    cross join reporting_periods
    where coalesce(services.date_of_death >= reporting_periods.period_start_date, true)
),

cohort_rows as (
    select
        'lts004' as cohort_code,
        *
    from aged_services
    where
        primary_support_reason_code = 'learning_disability'
        and age_at_period_end between 18 and 64
        and service_type_code in (
            {% for setting in lts004_settings %}
                '{{ setting }}'{% if not loop.last %},{% endif %}
            {% endfor %}
        )
    union all
    select
        'ascof_2e' as cohort_code,
        *
    from aged_services
    where
        service_type_code in ('lt_nursing_care', 'lt_residential_care', 'lt_community')
),

{{ resolved_values('cohort_rows', 'la_code, person_id, cohort_code',
    'accommodation_status', 'unknown', order='latest_first') }},

{{ resolved_values('cohort_rows', 'la_code, person_id, cohort_code',
    'employment_status', 'unknown', order='latest_first') }},

{{ resolved_values('cohort_rows', 'la_code, person_id, cohort_code',
    'gender', 'unknown') }},

status_groups as (
    select
        field_name,
        code,
        is_in_numerator
    from {{ ref('salt_status_groups') }}
),

people as (
    select
        la_code,
        person_id,
        cohort_code,
        max(age_at_period_end) as age_at_period_end
    from cohort_rows
    group by 1, 2, 3
),

statuses_final as (
    select
        people.la_code,
        people.person_id,
        people.cohort_code,
        people.age_at_period_end,
        gender_resolved.gender_code,
        accommodation_status_resolved.accommodation_status_code,
        employment_status_resolved.employment_status_code,
        coalesce(accommodation_groups.is_in_numerator, false) as is_settled,
        coalesce(employment_groups.is_in_numerator, false) as is_paid
    from people
    {% for field_name in ['accommodation_status', 'employment_status', 'gender'] %}
        left join {{ field_name }}_resolved
            on
                people.la_code = {{ field_name }}_resolved.la_code
                and people.person_id = {{ field_name }}_resolved.person_id
                and people.cohort_code = {{ field_name }}_resolved.cohort_code
    {% endfor %}
    left join status_groups as accommodation_groups
        on
            accommodation_status_resolved.accommodation_status_code
            = accommodation_groups.code
            and accommodation_groups.field_name = 'accommodation_status'
    left join status_groups as employment_groups
        on
            employment_status_resolved.employment_status_code = employment_groups.code
            and employment_groups.field_name = 'employment_status'
),

{{ select_with_council_input_key('statuses_final') }}
