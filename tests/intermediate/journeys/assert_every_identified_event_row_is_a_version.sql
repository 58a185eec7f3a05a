-- No event row is lost between the submission history and the unique events:
-- every identified row with an event type is one version of exactly one event
-- in int_events_deduplicated (its version_count counts it). Returns the
-- difference when the totals disagree.
with identified_rows as (
    select count(*) as row_count
    from {{ ref('int_events_identified') }}
    where person_id is not null and event_type_code is not null
),

event_versions as (
    select coalesce(sum(version_count), 0) as row_count
    from {{ ref('int_events_deduplicated') }}
)

select
    identified_rows.row_count as identified_rows,
    event_versions.row_count as event_versions
from identified_rows
cross join event_versions
where identified_rows.row_count <> event_versions.row_count
