with submission_lines as (
    select
        file_name,
        line_number,
        is_blank_line,
        file_encoding,
        file_size_bytes
    from {{ ref('base_cld__submission_lines') }}
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

file_checks as (
    select
        file_name,
        is_quarantined,
        quarantine_reason,
        received_date,
        received_date_source
    from {{ ref('base_cld__file_checks') }}
),

submission_rows as (
    select
        submission_id,
        la_code,
        reporting_period_start_date,
        reporting_period_end_date
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
            case when line_number > 1 and not is_blank_line then 1 else 0 end
        ) as rows_read
    from submission_lines
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

la_code_ranked as (
    select
        submission_id,
        la_code,
        count(*) over (partition by submission_id) as distinct_la_codes,
        row_number() over (
            partition by submission_id order by row_count desc, la_code asc
        ) as la_code_rank
    from la_code_counts
),

stated_periods as (
    select
        submission_id,
        count(*) as stated_period_count
    from (
        select
            submission_id,
            reporting_period_start_date,
            reporting_period_end_date
        from submission_rows
        where
            reporting_period_start_date is not null
            or reporting_period_end_date is not null
        group by 1, 2, 3
    ) as distinct_periods
    group by 1
),

row_summary as (
    select
        submission_id,
        count(*) as rows_staged,
        min(reporting_period_start_date) as stated_period_start_date,
        max(reporting_period_end_date) as stated_period_end_date
    from submission_rows
    group by 1
),

file_name_tokens as (
    select
        file_name,
        {{ extract_pattern('file_name', '(^|[^0-9])([0-9]{3})([^0-9]|$)', 2) }}
            as file_name_la_code
    from files
)

select
    files.file_name as submission_id,
    files.file_name,
    case when file_checks.is_quarantined then 'quarantined' else 'loaded' end
        as status,
    file_checks.quarantine_reason,
    coalesce(la_code_ranked.la_code, file_name_tokens.file_name_la_code) as la_code,
    case
        when la_code_ranked.la_code is not null then 'rows'
        when file_name_tokens.file_name_la_code is not null then 'file name'
    end as la_code_source,
    cast(coalesce(la_code_ranked.distinct_la_codes, 0) as int) as distinct_la_codes,
    row_summary.stated_period_start_date,
    row_summary.stated_period_end_date,
    cast(coalesce(stated_periods.stated_period_count, 0) as int)
        as stated_period_count,
    derived_periods.derived_period_start_date,
    derived_periods.derived_period_end_date,
    file_checks.received_date,
    file_checks.received_date_source,
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
    cast(case when file_checks.is_quarantined then files.rows_read else 0 end as bigint)
        as rows_quarantined
from files
left join file_layouts
    on files.file_name = file_layouts.file_name
left join row_summary
    on files.file_name = row_summary.submission_id
left join stated_periods
    on files.file_name = stated_periods.submission_id
left join la_code_ranked
    on
        files.file_name = la_code_ranked.submission_id
        and la_code_ranked.la_code_rank = 1
left join file_name_tokens
    on files.file_name = file_name_tokens.file_name
left join release_signals
    on files.file_name = release_signals.file_name
left join file_checks
    on files.file_name = file_checks.file_name
left join derived_periods
    on files.file_name = derived_periods.submission_id
