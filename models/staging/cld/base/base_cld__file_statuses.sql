-- One row per landed file: what the warehouse does with it and whom and when it
-- is for. A file is, in this order:
--   'duplicate'   its bytes equal another file's (SHA-256) that comes first: a
--                 file that can be loaded before one that cannot, then the
--                 earlier received, then by name. Nothing from the copy loads;
--   'quarantined' it cannot be read (base_cld__file_checks), its received date
--                 is after the build date, or its council is in doubt: the
--                 council in its name and the one most rows carry differ, two
--                 codes tie for most rows, no code at all, or a code that is
--                 not one of seeds/cld_councils.csv;
--   'loaded'      its rows are staged, under its council (the code in its
--                 name, else the one most rows carry).
-- A loaded file's stated reporting period is the pair of reporting period dates
-- most of its rows state (ties: a plausible pair, then the latest), so a minority
-- of rows cannot move it; its issue says why the period is impossible, if it is.
-- A table, not the folder's view: staging and the submission registry read it.
-- Messages use chr(34) for quotes: Spark reads '' in a literal as two literals.
{{ config(materialized='table') }}
{%- set la_code_token = '(^|[^0-9])([0-9]{3})([^0-9]|$)' %}
{%- set collection_start = "cast('" ~ var('cld_collection_start_date') ~ "' as date)" %}
{%- set as_text = dbt.type_string() %}

with file_checks as (
    select
        file_name,
        is_quarantined,
        quarantine_reason,
        received_date,
        received_date_source,
        file_content_hash
    from {{ ref('base_cld__file_checks') }}
),

submission_rows as (
    select
        file_name,
        la_code,
        reporting_period_start_date,
        reporting_period_end_date
    from {{ ref('base_cld__submission_rows') }}
),

councils as (
    select la_code
    from {{ ref('cld_councils') }}
    where la_code is not null
),

row_counts as (
    select
        file_name,
        count(*) as data_rows
    from submission_rows
    group by 1
),

row_la_codes as (
    select
        file_name,
        la_code,
        count(*) as row_count
    from submission_rows
    where la_code is not null
    group by 1, 2
),

row_la_codes_ranked as (
    select
        file_name,
        la_code,
        row_count,
        row_number() over (
            partition by file_name order by row_count desc, la_code asc
        ) as la_code_rank
    from row_la_codes
),

file_councils as (
    select
        file_checks.file_name,
        {{ extract_pattern('file_checks.file_name', la_code_token, 2) }}
            as file_name_la_code,
        most_rows.la_code as rows_la_code,
        most_rows.row_count as rows_la_code_rows,
        next_most_rows.la_code as tied_la_code,
        coalesce(row_counts.data_rows, 0) as data_rows
    from file_checks
    left join row_la_codes_ranked as most_rows
        on
            file_checks.file_name = most_rows.file_name
            and most_rows.la_code_rank = 1
    left join row_la_codes_ranked as next_most_rows
        on
            file_checks.file_name = next_most_rows.file_name
            and next_most_rows.la_code_rank = 2
            and most_rows.row_count = next_most_rows.row_count
    left join row_counts
        on file_checks.file_name = row_counts.file_name
),

-- The file's council: the code in its name, else the one most rows carry.
councils_checked as (
    select
        file_councils.file_name,
        file_councils.file_name_la_code,
        file_councils.rows_la_code,
        coalesce(file_councils.file_name_la_code, file_councils.rows_la_code)
            as la_code,
        case
            when file_councils.file_name_la_code is not null then 'file name'
            when file_councils.rows_la_code is not null then 'rows'
        end as la_code_source,
        case
            when
                file_councils.file_name_la_code is null
                and file_councils.rows_la_code is null
                then concat(
                    'no council code: LA_Code is blank on every row',
                    ' and the file name holds none'
                )
            when file_councils.tied_la_code is not null
                then concat(
                    'its rows carry LA_Code ', file_councils.rows_la_code, ' and ',
                    file_councils.tied_la_code, ' equally often (',
                    cast(file_councils.rows_la_code_rows as {{ as_text }}),
                    ' rows each of ', cast(file_councils.data_rows as {{ as_text }}),
                    '): the council is in doubt'
                )
            when file_councils.file_name_la_code <> file_councils.rows_la_code
                then concat(
                    'the file name says council ', file_councils.file_name_la_code,
                    ' but its rows say LA_Code ', file_councils.rows_la_code, ' (',
                    cast(file_councils.rows_la_code_rows as {{ as_text }}), ' of ',
                    cast(file_councils.data_rows as {{ as_text }}),
                    ' rows): a file may only replace submissions of the council',
                    ' it is named for'
                )
            when councils.la_code is null
                then concat(
                    'council code ',
                    coalesce(
                        file_councils.file_name_la_code, file_councils.rows_la_code
                    ),
                    case
                        when file_councils.file_name_la_code is not null
                            then ' (from the file name)'
                        else ' (from LA_Code)'
                    end,
                    ' is not one of the councils in seeds/cld_councils.csv'
                )
        end as council_issue
    from file_councils
    left join councils
        on
            coalesce(file_councils.file_name_la_code, file_councils.rows_la_code)
            = councils.la_code
),

row_periods as (
    select
        file_name,
        {{ parse_cld_date('reporting_period_start_date') }} as period_start_date,
        {{ parse_cld_date('reporting_period_end_date') }} as period_end_date
    from submission_rows
),

period_pairs as (
    select
        file_name,
        period_start_date,
        period_end_date,
        count(*) as row_count
    from row_periods
    where period_start_date is not null and period_end_date is not null
    group by 1, 2, 3
),

-- Why a stated period cannot be true; NULL when it is plausible. A file arrives
-- on or before the build date (or is quarantined), so a period ending on or
-- before the file's arrival also ends on or before the build date.
period_pairs_checked as (
    select
        period_pairs.file_name,
        period_pairs.period_start_date,
        period_pairs.period_end_date,
        period_pairs.row_count,
        case
            when period_pairs.period_start_date > period_pairs.period_end_date
                then concat(
                    'Reporting_Period_Start_Date ',
                    cast(period_pairs.period_start_date as {{ as_text }}),
                    ' is after Reporting_Period_End_Date ',
                    cast(period_pairs.period_end_date as {{ as_text }})
                )
            when period_pairs.period_end_date > file_checks.received_date
                then concat(
                    'Reporting_Period_End_Date ',
                    cast(period_pairs.period_end_date as {{ as_text }}),
                    ' is after the file was received (',
                    cast(file_checks.received_date as {{ as_text }}), ', ',
                    file_checks.received_date_source, ')'
                )
            when period_pairs.period_start_date < {{ collection_start }}
                then concat(
                    'Reporting_Period_Start_Date ',
                    cast(period_pairs.period_start_date as {{ as_text }}),
                    ' is before the CLD collection began (',
                    cast({{ collection_start }} as {{ as_text }}), ')'
                )
            when
                period_pairs.period_end_date >= cast(
                    {{ dbt.dateadd('year', 1, 'period_pairs.period_start_date') }}
                    as date
                )
                then concat(
                    'the reporting period ',
                    cast(period_pairs.period_start_date as {{ as_text }}), ' to ',
                    cast(period_pairs.period_end_date as {{ as_text }}),
                    ' is longer than the 12 months the specification allows'
                )
        end as period_issue
    from period_pairs
    inner join file_checks
        on period_pairs.file_name = file_checks.file_name
),

period_pairs_ranked as (
    select
        file_name,
        period_start_date,
        period_end_date,
        row_count,
        period_issue,
        count(*) over (partition by file_name) as stated_period_count,
        row_number() over (
            partition by file_name
            order by
                row_count desc,
                case when period_issue is null then 0 else 1 end asc,
                period_end_date desc,
                period_start_date desc
        ) as pair_rank
    from period_pairs_checked
),

stated_periods as (
    select
        file_name,
        period_start_date,
        period_end_date,
        row_count,
        period_issue,
        stated_period_count
    from period_pairs_ranked
    where pair_rank = 1
),

-- Why a file cannot be loaded, besides being a copy: first unreadable, then
-- received in the future (a mistyped date in its name would make it every
-- event's latest version for good), then its council in doubt.
load_issues as (
    select
        file_checks.file_name,
        file_checks.received_date,
        file_checks.received_date_source,
        file_checks.file_content_hash,
        councils_checked.la_code,
        councils_checked.la_code_source,
        councils_checked.file_name_la_code,
        councils_checked.rows_la_code,
        case
            when file_checks.is_quarantined then file_checks.quarantine_reason
            when file_checks.received_date > current_date
                then concat(
                    file_checks.file_name, ': received date ',
                    cast(file_checks.received_date as {{ as_text }}), ' (from the ',
                    file_checks.received_date_source, ') is after the build date'
                )
            when councils_checked.council_issue is not null
                then concat(file_checks.file_name, ': ', councils_checked.council_issue)
        end as load_issue
    from file_checks
    inner join councils_checked
        on file_checks.file_name = councils_checked.file_name
),

-- Byte-identical files: the original is the first that can be loaded, then
-- the earliest received, then by name, so a copy landed under a wrong name can
-- never push the right file out.
content_originals as (
    select
        file_name,
        first_value(file_name) over (
            partition by coalesce(file_content_hash, file_name)
            order by
                case when load_issue is null then 0 else 1 end,
                received_date asc nulls last,
                file_name asc
        ) as original_file_name
    from load_issues
),

statuses as (
    select
        load_issues.*,
        case
            when content_originals.original_file_name <> load_issues.file_name
                then content_originals.original_file_name
        end as duplicate_of_file_name,
        case
            when content_originals.original_file_name <> load_issues.file_name
                then 'duplicate'
            when load_issues.load_issue is not null then 'quarantined'
            else 'loaded'
        end as status,
        case
            when content_originals.original_file_name <> load_issues.file_name
                then concat(
                    load_issues.file_name, ': the same bytes as ',
                    content_originals.original_file_name,
                    ': nothing from this copy is loaded'
                )
            else load_issues.load_issue
        end as quarantine_reason
    from load_issues
    inner join content_originals
        on load_issues.file_name = content_originals.file_name
)

select
    statuses.file_name,
    statuses.status,
    statuses.status = 'loaded' as is_loaded,
    statuses.quarantine_reason,
    statuses.duplicate_of_file_name,
    statuses.file_content_hash,
    statuses.received_date,
    statuses.received_date_source,
    statuses.la_code,
    statuses.la_code_source,
    statuses.file_name_la_code,
    statuses.rows_la_code,
    stated_periods.period_start_date as stated_period_start_date,
    stated_periods.period_end_date as stated_period_end_date,
    cast(coalesce(stated_periods.stated_period_count, 0) as int)
        as stated_period_count,
    cast(coalesce(stated_periods.row_count, 0) as bigint) as stated_period_rows,
    case
        when statuses.status <> 'loaded' then null
        when stated_periods.file_name is null
            then concat(
                'no row states a readable reporting period',
                ' (Reporting_Period_Start_Date and Reporting_Period_End_Date)'
            )
        else stated_periods.period_issue
    end as stated_period_issue
from statuses
left join stated_periods
    on statuses.file_name = stated_periods.file_name
