-- Per submission in the history: how its rows were given a person identifier
-- (int_events_identified, var person_id_method) and how many were dropped for
-- having none (no NHS number, and a council id that is blank or, under NHS
-- England's method, also seen with an NHS number).
with identified_rows as (
    select
        submission_id,
        la_code,
        person_id_source
    from {{ ref('int_events_identified') }}
)

select
    submission_id,
    max(la_code) as la_code,
    cast(count(*) as bigint) as rows_in_history,
    cast(sum(case when person_id_source = 'nhs_number' then 1 else 0 end) as bigint)
        as rows_identified_by_nhs_number,
    cast(sum(case when person_id_source = 'la_person_id' then 1 else 0 end) as bigint)
        as rows_identified_by_la_person_id,
    cast(sum(case when person_id_source is null then 1 else 0 end) as bigint)
        as rows_dropped_without_identifier
from identified_rows
group by 1
