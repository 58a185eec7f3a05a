-- Each LTS001b table (1, 2, and 3a + 3b + 3c together) counts every snapshot
-- client of the council exactly once. Returns the council tables whose total
-- differs from the number of snapshot clients.
with clients as (
    select
        la_code,
        count(*) as client_count
    from {{ ref('int_long_term_clients_resolved') }}
    where window_code = 'snapshot'
    group by 1
),

tables as (
    select
        la_code,
        case
            when table_part like 'Table 3%' then 'Table 3' else table_part
        end as table_group,
        sum(people_count) as people_count
    from {{ ref('salt_lts001b') }}
    group by 1, 2
)

select
    tables.la_code,
    tables.table_group,
    tables.people_count,
    clients.client_count
from tables
left join clients
    on tables.la_code = clients.la_code
where tables.people_count <> coalesce(clients.client_count, 0)
