-- SALT STS001: requests for support from new clients in the period by what
-- followed (sequel), route of access and age band at the period end.
-- The count unit is a request cluster (int_request_sequels): ends in the
-- period, new client, sequel derived (not superseded by a later request), and
-- the person not dead before the period start (§2.9).
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
        sequel
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
        count(*) as request_count
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
)

select
    counted.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    counted.age_band,
    counted.route_of_access,
    counted.sequel,
    cast(counted.request_count as bigint) as request_count
from counted
cross join reporting_periods
