-- One row per landed file: the submission registry every later model reads
-- (period choice, file selection, file-level rules) and dim_submissions
-- publishes. Status, council, stated period and its issue come from
-- base_cld__file_statuses; DHSC's derived period, the detected release and the
-- line counts are added here.
-- A table, not the folder's view: five models read it, and it aggregates the
-- landed records and staged rows.
{{ config(materialized='table') }}

with submission_records as (
    select
        file_name,
        record_number,
        is_blank_record,
        file_encoding,
        file_size_bytes
    from {{ ref('base_cld__submission_records') }}
),

file_layouts as (
    select
        file_name,
        header_column_count,
        unmapped_column_count,
        missing_column_count,
        duplicated_column_count,
        header_style
    from {{ ref('base_cld__file_layouts') }}
),

file_statuses as (
    select
        file_name,
        status,
        quarantine_reason,
        duplicate_of_file_name,
        file_content_hash,
        received_date,
        received_date_source,
        la_code,
        la_code_source,
        file_name_la_code,
        stated_period_start_date,
        stated_period_end_date,
        stated_period_count,
        stated_period_rows,
        stated_period_issue
    from {{ ref('base_cld__file_statuses') }}
),

submission_rows as (
    select
        submission_id,
        la_code
    from {{ ref('stg_cld__submission_rows') }}
),

derived_periods as (
    select
        submission_id,
        derived_period_start_date,
        derived_period_end_date
    from {{ ref('int_submission_periods_derived') }}
),

coded_value_matches as (
    select
        file_name,
        release_signal,
        row_count
    from {{ ref('base_cld__coded_value_matches') }}
),

files as (
    select
        file_name,
        max(file_encoding) as file_encoding,
        max(file_size_bytes) as file_size_bytes,
        sum(
            case when record_number > 1 and not is_blank_record then 1 else 0 end
        ) as rows_read
    from submission_records
    group by 1
),

-- Wording that exists in one release only tells which release a file follows.
release_signals as (
    select
        file_name,
        sum(case when release_signal = 'R2' then row_count else 0 end)
            as release_2_only_values,
        sum(case when release_signal = 'R1' then row_count else 0 end)
            as release_1_only_values,
        sum(case when release_signal = 'v4' then row_count else 0 end)
            as v4_only_values
    from coded_value_matches
    group by 1
),

la_code_counts as (
    select
        submission_id,
        la_code,
        count(*) as row_count
    from submission_rows
    where la_code is not null
    group by 1, 2
),

distinct_la_codes as (
    select
        submission_id,
        count(*) as distinct_la_codes
    from la_code_counts
    group by 1
),

row_summary as (
    select
        submission_id,
        count(*) as rows_staged
    from submission_rows
    group by 1
)

select
    files.file_name as submission_id,
    files.file_name,
    file_statuses.status,
    file_statuses.quarantine_reason,
    file_statuses.duplicate_of_file_name as duplicate_of_submission_id,
    file_statuses.file_content_hash,
    file_statuses.la_code,
    file_statuses.la_code_source,
    file_statuses.file_name_la_code,
    cast(coalesce(distinct_la_codes.distinct_la_codes, 0) as int) as distinct_la_codes,
    file_statuses.stated_period_start_date,
    file_statuses.stated_period_end_date,
    file_statuses.stated_period_count,
    file_statuses.stated_period_rows,
    file_statuses.stated_period_issue,
    file_statuses.status = 'loaded' and file_statuses.stated_period_issue is null
        as is_period_plausible,
    derived_periods.derived_period_start_date,
    derived_periods.derived_period_end_date,
    file_statuses.received_date,
    file_statuses.received_date_source,
    coalesce(file_layouts.header_style, 'no header') as header_style,
    case
        when coalesce(row_summary.rows_staged, 0) = 0 then 'undetermined'
        when
            coalesce(release_signals.release_2_only_values, 0) > 0
            and coalesce(release_signals.release_1_only_values, 0) = 0
            and coalesce(release_signals.v4_only_values, 0) = 0
            then 'R2'
        when
            coalesce(release_signals.release_1_only_values, 0) > 0
            and coalesce(release_signals.release_2_only_values, 0) = 0
            and coalesce(release_signals.v4_only_values, 0) = 0
            then 'R1'
        when
            coalesce(release_signals.v4_only_values, 0) > 0
            and coalesce(release_signals.release_1_only_values, 0) = 0
            and coalesce(release_signals.release_2_only_values, 0) = 0
            then 'v4'
        when
            coalesce(release_signals.release_2_only_values, 0)
            + coalesce(release_signals.release_1_only_values, 0)
            + coalesce(release_signals.v4_only_values, 0) = 0
            then 'undetermined'
        else 'mixed'
    end as spec_release_detected,
    cast(coalesce(release_signals.release_2_only_values, 0) as bigint)
        as release_2_only_values,
    cast(coalesce(release_signals.release_1_only_values, 0) as bigint)
        as release_1_only_values,
    cast(coalesce(release_signals.v4_only_values, 0) as bigint) as v4_only_values,
    files.file_encoding,
    cast(files.file_size_bytes as bigint) as file_size_bytes,
    cast(coalesce(file_layouts.header_column_count, 0) as int) as header_column_count,
    cast(coalesce(file_layouts.unmapped_column_count, 0) as int)
        as unmapped_column_count,
    cast(
        coalesce(file_layouts.missing_column_count, {{ cld_columns() | length }}) as int
    ) as missing_column_count,
    cast(coalesce(file_layouts.duplicated_column_count, 0) as int)
        as duplicated_column_count,
    cast(files.rows_read as bigint) as rows_read,
    cast(coalesce(row_summary.rows_staged, 0) as bigint) as rows_staged,
    cast(
        case when file_statuses.status = 'loaded' then 0 else files.rows_read end
        as bigint
    ) as rows_quarantined
from files
inner join file_statuses
    on files.file_name = file_statuses.file_name
left join file_layouts
    on files.file_name = file_layouts.file_name
left join row_summary
    on files.file_name = row_summary.submission_id
left join distinct_la_codes
    on files.file_name = distinct_la_codes.submission_id
left join release_signals
    on files.file_name = release_signals.file_name
left join derived_periods
    on files.file_name = derived_periods.submission_id
