-- One row per landed file with the facts the file-level validation rules read
-- (family 'submissions': CLD-001, 005, 007, 009, 083), and those rules evaluated
-- as columns (macro cld_rule_columns). line_number is 1, the header
-- line, so a file-level failure points at the top of the file.
{%- set missing_columns = {} %}
{%- for column_name in cld_columns() %}
    {%- do missing_columns.update({column_name: column_name ~ '_position is null'}) %}
{%- endfor %}
{%- set event_types = ['request', 'assessment', 'service', 'review'] %}

with file_checks as (
    select
        file_name,
        status,
        la_code,
        received_date,
        stated_period_start_date,
        stated_period_end_date,
        stated_period_issue
    from {{ ref('base_cld__file_statuses') }}
),

file_layouts as (
    select
        file_name,
        {{ field_list(missing_columns) }} as missing_columns
    from {{ ref('base_cld__file_layouts') }}
),

unknown_headers as (
    select
        file_name,
        count(*) as unknown_column_count,
        min(header_label) as first_unknown_column
    from {{ ref('base_cld__file_headers') }}
    where column_name is null and coalesce(header_label, '') <> ''
    group by 1
),

derived_periods as (
    select
        submission_id,
        derived_period_start_date,
        derived_period_end_date
    from {{ ref('int_submission_periods_derived') }}
),

submission_rows as (
    select
        submission_id,
        reporting_period_start_date,
        reporting_period_end_date,
        event_type_code,
        event_start_date,
        event_end_date
    from {{ ref('stg_cld__submission_rows') }}
),

row_summary as (
    select
        submission_id,
        {% for event_type in event_types %}
            sum(case when event_type_code = '{{ event_type }}' then 1 else 0 end)
                as {{ event_type }}_rows,
        {% endfor %}
        sum(
            case
                when event_type_code = 'service' and event_end_date is null then 1
                else 0
            end
        ) as open_services,
        sum(
            case
                when
                    event_type_code = 'service'
                    and event_end_date is null
                    and (
                        event_start_date = reporting_period_start_date
                        or (
                            extract(month from event_start_date) = 4
                            and extract(day from event_start_date) = 1
                        )
                    )
                    then 1
                else 0
            end
        ) as open_services_starting_on_reset_date
    from submission_rows
    group by 1
),

-- The same council's previous loaded submission, by received date (CLD-007).
sequenced as (
    select
        row_summary.*,
        file_checks.received_date,
        lag(row_summary.submission_id) over (
            partition by file_checks.la_code
            order by file_checks.received_date, row_summary.submission_id
        ) as previous_submission_id,
        {% for event_type in event_types %}
            lag(row_summary.{{ event_type }}_rows) over (
                partition by file_checks.la_code
                order by file_checks.received_date, row_summary.submission_id
            ) as previous_{{ event_type }}_rows{% if not loop.last %},{% endif %}
        {% endfor %}
    from row_summary
    inner join file_checks
        on row_summary.submission_id = file_checks.file_name
    where file_checks.status = 'loaded'
),

volume_changes as (
    select
        submission_id,
        previous_submission_id,
        nullif(trim(concat(
            {% for event_type in event_types %}
                case
                    when
                        abs({{ event_type }}_rows - previous_{{ event_type }}_rows)
                        > {{ var('volume_change_tolerance') }}
                        * previous_{{ event_type }}_rows
                        then concat(
                            ' {{ event_type }}: ',
                            cast(
                                previous_{{ event_type }}_rows
                                as {{ dbt.type_string() }}
                            ),
                            ' to ',
                            cast({{ event_type }}_rows as {{ dbt.type_string() }}),
                            ';'
                        )
                    else ''
                end{% if not loop.last %},{% endif %}
            {% endfor %}
        )), '') as volume_changes
    from sequenced
    where previous_submission_id is not null
),

profiles as (
    select
        file_checks.file_name as submission_id,
        cast(1 as bigint) as line_number,
        file_checks.status <> 'loaded' as is_quarantined,
        file_checks.received_date,
        file_layouts.file_name is not null as has_header,
        file_layouts.missing_columns,
        cast(coalesce(unknown_headers.unknown_column_count, 0) as int)
            as unknown_column_count,
        unknown_headers.first_unknown_column,
        file_checks.stated_period_start_date,
        file_checks.stated_period_end_date,
        file_checks.stated_period_issue,
        derived_periods.derived_period_start_date,
        derived_periods.derived_period_end_date,
        volume_changes.previous_submission_id,
        volume_changes.volume_changes,
        cast(coalesce(row_summary.open_services, 0) as bigint) as open_services,
        cast(coalesce(row_summary.open_services_starting_on_reset_date, 0) as bigint)
            as open_services_starting_on_reset_date
    from file_checks
    left join file_layouts
        on file_checks.file_name = file_layouts.file_name
    left join unknown_headers
        on file_checks.file_name = unknown_headers.file_name
    left join row_summary
        on file_checks.file_name = row_summary.submission_id
    left join derived_periods
        on file_checks.file_name = derived_periods.submission_id
    left join volume_changes
        on file_checks.file_name = volume_changes.submission_id
    -- a copy of an earlier file says nothing new: its original is checked
    where file_checks.status <> 'duplicate'
),

-- The file-level rules (family submissions) as columns (macro cld_rule_columns).
rules_evaluated as (
    select
        profiles.*,
        {{ cld_rule_evaluations(['submissions']) | join(',\n        ') }}
    from profiles
)

select
    rules_evaluated.*,
    {{ cld_rule_columns(['submissions']) | join(',\n    ') }}
from rules_evaluated
