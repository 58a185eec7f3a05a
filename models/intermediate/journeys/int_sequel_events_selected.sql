-- One row per later event a sequel search reads (int_request_sequels,
-- int_st_max_sequels): service users' events with a start date. By var
-- assessment_review_versions (macro method_choice): 'latest' (the principles:
-- every event once, from int_events_deduplicated) or 'all' (NHS England's
-- code, shared/reference/salt_ascof_rules.md §2.2 and §8.A #4: every copy of an
-- assessment or review from every file of the history, from
-- int_events_identified, a stale copy too; a copy's event_id hashes its file and
-- line, so ties in the chain order fall the same way on every run where the
-- script's are arbitrary). By var events_after_period_end (macro
-- is_started_by_period_end): 'dropped' (the code's extracts) leaves out events
-- starting after the period end.
{%- set versions = method_choice('assessment_review_versions') %}
{%- if versions not in ['latest', 'all'] %}
    {{ exceptions.raise_compiler_error(
        "var assessment_review_versions must be 'latest' or 'all', not " ~ versions) }}
{%- endif %}
{%- set event_columns = [
    'la_code', 'person_id', 'event_type_code', 'service_type_code',
    'event_start_date', 'event_end_date', 'event_outcome_code',
    'proxy_date_of_birth'] %}
-- depends_on: {{ ref('int_events_identified') }}
with reporting_periods as (
    select period_end_date
    from {{ ref('int_reporting_periods') }}
),

event_rows as (
    select
        event_id,
        {{ event_columns | join(',\n        ') }},
        client_type_code
    from {{ ref('int_events_deduplicated') }}
    {%- if versions == 'all' %}
        where event_type_code not in ('assessment', 'review')
        union all
        select
            {{ dbt.hash(dbt.concat([
                "'copy|'", 'submission_id', "'|'",
                'cast(line_number as ' ~ dbt.type_string() ~ ')'])) }} as event_id,
            {{ event_columns | join(',\n            ') }},
            client_type_code
        from {{ ref('int_events_identified') }}
        where
            person_id is not null
            and event_type_code in ('assessment', 'review')
    {%- endif %}
),

events_selected as (
    select
        event_rows.event_id,
        event_rows.la_code,
        event_rows.person_id,
        event_rows.event_type_code,
        event_rows.service_type_code,
        event_rows.event_start_date,
        event_rows.event_end_date,
        event_rows.event_outcome_code,
        event_rows.proxy_date_of_birth
    from event_rows
    cross join reporting_periods
    where
        event_rows.client_type_code = 'service_user'
        and event_rows.event_start_date is not null
        and {{ is_started_by_period_end(
            'event_rows.event_start_date', 'reporting_periods.period_end_date') }}
)

select * from events_selected
