-- LTS004's employment rows (Table 1) and accommodation rows (Tables 2, 2a,
-- 2b) each sum, per council, to the cohort's people. Returns the council and
-- kind where they do not.
with cohort as (
    select
        la_code,
        count(*) as client_count
    from {{ ref('int_long_term_statuses_resolved') }}
    where cohort_code = 'lts004'
    group by 1
),

kinds as (
    select
        la_code,
        case when table_part = 'Table 1' then 'employment' else 'accommodation' end
            as status_kind,
        sum(people_count) as people_count
    from {{ ref('salt_lts004') }}
    group by 1, 2
)

select
    kinds.la_code,
    kinds.status_kind,
    kinds.people_count,
    cohort.client_count
from kinds
left join cohort
    on kinds.la_code = cohort.la_code
where kinds.people_count <> coalesce(cohort.client_count, 0)
