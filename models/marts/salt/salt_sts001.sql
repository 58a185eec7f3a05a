-- SALT STS001: requests for support from new clients in the period by what
-- followed (sequel), route of access and age band at the period end.
-- The count unit is a request cluster (int_request_sequels): ends in the
-- period, new client, sequel derived (not superseded by a later request), and
-- the person not dead before the period start (§2.9). With var sequel_rules
-- 'code', clusters with an NFA sequel count once per person, route and NFA
-- outcome (macro sequel_counted_unit).
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

requests as (
    select
        la_code,
        person_id,
        request_route_of_access_code,
        age_at_period_end,
        sequel,
        {{ sequel_counted_unit(
            'request_cluster_id', ['request_route_of_access_code']) }} as counted_unit
    from {{ ref('int_request_sequels') }}
    where is_in_period and is_new_client and sequel is not null
),

people as (
    select
        la_code,
        person_id,
        date_of_death
    from {{ ref('int_people_resolved') }}
),

labels as (
    select
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
    where field_name = 'request_route_of_access'
),

counted as (
    select
        requests.la_code,
        {{ working_age_band('requests.age_at_period_end') }} as age_band,
        coalesce(labels.display_label, 'Not recorded or invalid') as route_of_access,
        requests.sequel,
        count(distinct requests.counted_unit) as request_count
    from requests
    cross join reporting_periods
    left join people
        on
            requests.la_code = people.la_code
            and requests.person_id = people.person_id
    left join labels
        on requests.request_route_of_access_code = labels.code
    where coalesce(people.date_of_death >= reporting_periods.period_start_date, true)
    group by 1, 2, 3, 4
),

-- The table's fixed cells (macro council_cells_filled).
age_bands as (
    {{ literal_values('age_band', working_age_bands()) }}
),

routes as (
    {{ defined_list_values(
        'request_route_of_access', 'route_of_access', ['Not recorded or invalid']) }}
),

sequels as (
    {{ sts001_sequel_values() }}
),

template_cells as (
    select
        age_bands.age_band,
        routes.route_of_access,
        sequels.sequel
    from age_bands
    cross join routes
    cross join sequels
    group by 1, 2, 3
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['age_band', 'route_of_access', 'sequel'],
    ['request_count']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.age_band,
    cells_filled.route_of_access,
    cells_filled.sequel,
    cast(cells_filled.request_count as bigint) as request_count
from cells_filled
cross join reporting_periods
