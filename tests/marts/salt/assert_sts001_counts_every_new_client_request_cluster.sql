-- STS001's request counts sum, per council, to the new clients' request
-- clusters that ended in the period with a sequel (int_request_sequels), less
-- those of people who died before the period start: no cluster lost or
-- counted twice. Returns the councils where the two differ.
with reporting_periods as (
    select period_start_date
    from {{ ref('int_reporting_periods') }}
),

clusters as (
    select
        requests.la_code,
        count(*) as cluster_count
    from {{ ref('int_request_sequels') }} as requests
    cross join reporting_periods
    left join {{ ref('int_people_resolved') }} as people
        on
            requests.la_code = people.la_code
            and requests.person_id = people.person_id
    where
        requests.is_in_period
        and requests.is_new_client
        and requests.sequel is not null
        and coalesce(people.date_of_death >= reporting_periods.period_start_date, true)
    group by 1
),

published as (
    select
        la_code,
        sum(request_count) as cluster_count
    from {{ ref('salt_sts001') }}
    group by 1
)

select
    coalesce(clusters.la_code, published.la_code) as la_code,
    clusters.cluster_count as expected_count,
    published.cluster_count as table_count
from clusters
full outer join published
    on clusters.la_code = published.la_code
where coalesce(clusters.cluster_count, 0) <> coalesce(published.cluster_count, 0)
