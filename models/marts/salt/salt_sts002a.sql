-- SALT STS002a: what followed short-term support to maximise independence
-- (ST-Max) for new clients, by sequel and age band at the period end, each
-- also broken down by primary support reason and by ethnicity (the person's
-- resolved values, int_people_resolved) and by the route of access of the
-- request the episode followed. The count unit is an ST-Max episode
-- (int_st_max_sequels): ends in the period, follows a new client's request,
-- sequel derived (not superseded by a later ST-Max), and the person not dead
-- before the period start (§2.9). breakdown = 'Total' rows carry the table
-- itself; each other breakdown sums to them. With var sequel_rules 'code',
-- episodes with an NFA sequel count once per person and NFA outcome (macro
-- sequel_counted_unit), and so in ASCOF 2A.
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
        request_route_of_access_code,
        age_at_period_end,
        sequel,
        {{ sequel_counted_unit('st_max_episode_id') }} as counted_unit
    from {{ ref('int_st_max_sequels') }}
    where is_in_period and follows_new_client_request and sequel is not null
),

people as (
    select
        la_code,
        person_id,
        primary_support_reason_code,
        ethnicity_code,
        date_of_death
    from {{ ref('int_people_resolved') }}
),

labels as (
    select
        field_name,
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
    where
        field_name in (
            'primary_support_reason', 'ethnicity', 'request_route_of_access'
        )
),

described_episodes as (
    select
        episodes.la_code,
        {{ working_age_band('episodes.age_at_period_end') }} as age_band,
        episodes.sequel,
        episodes.counted_unit,
        coalesce(reason_labels.display_label, 'Not recorded or invalid')
            as primary_support_reason,
        coalesce(ethnicity_labels.display_label, 'Not recorded or invalid')
            as ethnicity,
        coalesce(route_labels.display_label, 'Not recorded or invalid')
            as route_of_access
    from episodes
    cross join reporting_periods
    left join people
        on
            episodes.la_code = people.la_code
            and episodes.person_id = people.person_id
    left join labels as reason_labels
        on
            people.primary_support_reason_code = reason_labels.code
            and reason_labels.field_name = 'primary_support_reason'
    left join labels as ethnicity_labels
        on
            people.ethnicity_code = ethnicity_labels.code
            and ethnicity_labels.field_name = 'ethnicity'
    left join labels as route_labels
        on
            episodes.request_route_of_access_code = route_labels.code
            and route_labels.field_name = 'request_route_of_access'
    where coalesce(people.date_of_death >= reporting_periods.period_start_date, true)
),

-- One row per counted unit (an episode; under the code's rules a person's like
-- NFA sequels are one), its first route when its episodes differ, so every
-- breakdown still sums to the Total.
counted_units as (
    select
        la_code,
        age_band,
        sequel,
        counted_unit,
        min(primary_support_reason) as primary_support_reason,
        min(ethnicity) as ethnicity,
        min(route_of_access) as route_of_access
    from described_episodes
    group by 1, 2, 3, 4
),

breakdowns as (
    select
        la_code,
        age_band,
        sequel,
        'Total' as breakdown,
        'Total' as breakdown_value
    from counted_units
    union all
    select
        la_code,
        age_band,
        sequel,
        'Primary support reason' as breakdown,
        primary_support_reason as breakdown_value
    from counted_units
    union all
    select
        la_code,
        age_band,
        sequel,
        'Ethnicity' as breakdown,
        ethnicity as breakdown_value
    from counted_units
    union all
    select
        la_code,
        age_band,
        sequel,
        'Route of access' as breakdown,
        route_of_access as breakdown_value
    from counted_units
),

counted as (
    select
        la_code,
        age_band,
        sequel,
        breakdown,
        breakdown_value,
        count(*) as episode_count
    from breakdowns
    group by 1, 2, 3, 4, 5
),

-- The table's fixed cells (macro council_cells_filled).
age_bands as (
    {{ literal_values('age_band', working_age_bands()) }}
),

sequels as (
    {{ st_max_sequel_values() }}
),

breakdown_values as (
    select
        'Total' as breakdown,
        'Total' as breakdown_value
    {% for field_name, breakdown in [
        ('primary_support_reason', 'Primary support reason'),
        ('ethnicity', 'Ethnicity'),
        ('request_route_of_access', 'Route of access')] %}
        union all
        select
            '{{ breakdown }}' as breakdown,
            display_label as breakdown_value
        from labels
        where field_name = '{{ field_name }}'
        union all
        select
            '{{ breakdown }}' as breakdown,
            'Not recorded or invalid' as breakdown_value
    {% endfor %}
),

template_cells as (
    select
        age_bands.age_band,
        sequels.sequel,
        breakdown_values.breakdown,
        breakdown_values.breakdown_value
    from age_bands
    cross join sequels
    cross join breakdown_values
    group by 1, 2, 3, 4
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['age_band', 'sequel', 'breakdown', 'breakdown_value'],
    ['episode_count']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.age_band,
    cells_filled.sequel,
    cells_filled.breakdown,
    cells_filled.breakdown_value,
    cast(cells_filled.episode_count as bigint) as episode_count
from cells_filled
cross join reporting_periods
