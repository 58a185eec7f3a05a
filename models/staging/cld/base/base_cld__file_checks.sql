-- One row per landed file: whether it can be read as a CLD submission, and if not
-- the first reason, naming the file and, where it applies, the line and column.
-- Messages use chr(34) for quotes: Spark reads '' in a literal as two literals.
-- Also the date the file was received: the date in its name (CLD_<la>_<yyyymmdd>)
-- or else the file's modified date, and the SHA-256 of its bytes. Whether it is
-- loaded (duplicates, councils) is decided next, in base_cld__file_statuses.
-- A table, not the folder's view: staging, the file profile and dim_submissions
-- all read it, and it keeps the chain of views from landing to the marts short.
{{ config(materialized='table') }}
{%- set date_token = '(20[0-9]{2})-?([01][0-9])-?([0-3][0-9])' %}
{%- set required_columns = cld_required_columns() %}
{%- set missing_required = {} %}
{%- for column_name in required_columns %}
    {%- do missing_required.update({column_name: column_name ~ '_position is null'}) %}
{%- endfor %}

with submission_records as (
    select
        file_name,
        record_number,
        line_number,
        record_line_count,
        record_text,
        is_blank_record,
        has_unclosed_quote,
        file_encoding,
        file_modified_date,
        file_content_hash,
        bad_byte_line_number
    from {{ ref('base_cld__submission_records') }}
),

file_layouts as (
    select
        file_name,
        header_column_count,
        header_field_count,
        {% for column_name in required_columns %}
            {{ column_name }}_position{% if not loop.last %},{% endif %}
        {% endfor %}
    from {{ ref('base_cld__file_layouts') }}
),

file_headers as (
    select
        file_name,
        column_position,
        header_label,
        column_name
    from {{ ref('base_cld__file_headers') }}
),

submission_rows as (
    select
        file_name,
        line_number,
        field_count,
        header_column_count
    from {{ ref('base_cld__submission_rows') }}
),

files as (
    select
        file_name,
        max(file_encoding) as file_encoding,
        max(file_modified_date) as file_modified_date,
        max(file_content_hash) as file_content_hash,
        max(bad_byte_line_number) as bad_byte_line_number,
        sum(case when is_blank_record then 0 else 1 end) as non_blank_records,
        sum(
            case when record_number > 1 and not is_blank_record then 1 else 0 end
        ) as data_records,
        max(case when has_unclosed_quote then line_number end) as unclosed_quote_line,
        max(case when record_number = 1 then record_text end) as header_line
    from submission_records
    group by 1
),

missing_columns as (
    select
        file_name,
        header_column_count,
        header_field_count,
        {{ field_list(missing_required) }} as missing_required_columns
    from file_layouts
),

-- A header naming a column twice: the second mention, with the first's position.
header_mentions as (
    select
        file_name,
        column_position,
        header_label,
        min(column_position) over (
            partition by file_name, column_name
        ) as first_position,
        row_number() over (
            partition by file_name, column_name order by column_position
        ) as mention_number
    from file_headers
    where column_name is not null
),

duplicated_headers as (
    select
        file_name,
        column_position,
        header_label,
        first_position,
        row_number() over (
            partition by file_name order by column_position
        ) as duplicate_rank
    from header_mentions
    where mention_number = 2
),

ragged_lines as (
    select
        file_name,
        line_number,
        field_count,
        header_column_count,
        count(*) over (partition by file_name) as ragged_line_count,
        row_number() over (partition by file_name order by line_number) as ragged_rank
    from submission_rows
    where field_count <> header_column_count
),

file_findings as (
    select
        files.file_name,
        coalesce(first_ragged.ragged_line_count, 0) as ragged_line_count,
        case
            when files.file_encoding = 'undecodable'
                then concat(
                    'line ',
                    cast(files.bad_byte_line_number as {{ dbt.type_string() }}),
                    ': not text in UTF-8 or Windows-1252 (a NUL or undefined byte:',
                    ' binary, or another encoding such as UTF-16)'
                )
            when coalesce(files.non_blank_records, 0) = 0 then 'empty file'
            when files.unclosed_quote_line is not null
                then concat(
                    'line ',
                    cast(files.unclosed_quote_line as {{ dbt.type_string() }}),
                    ': a quoted field opened in this record is never closed',
                    ' (the quote runs to the end of the file)'
                )
            when missing_columns.header_column_count = 1
                then concat(
                    'line 1: the header has a single field',
                    case
                        when instr(files.header_line, ';') > 0
                            then ': the file seems to use semicolons as delimiter'
                        when instr(files.header_line, chr(9)) > 0
                            then ': the file seems to use tabs as delimiter'
                        when instr(files.header_line, '|') > 0
                            then ': the file seems to use vertical bars as delimiter'
                        else ''
                    end,
                    ', not commas'
                )
            when missing_columns.header_field_count > {{ var('max_csv_columns') }}
                then concat(
                    'line 1: the header has ',
                    cast(missing_columns.header_field_count as {{ dbt.type_string() }}),
                    ' fields, more than the ',
                    '{{ var('max_csv_columns') }}',
                    ' this warehouse reads (dbt var max_csv_columns)'
                )
            when missing_columns.missing_required_columns is not null
                then concat(
                    'line 1: required columns missing: ',
                    replace(missing_columns.missing_required_columns, ' ', ', ')
                )
            when first_duplicate.file_name is not null
                then concat(
                    'line 1 column ',
                    cast(first_duplicate.column_position as {{ dbt.type_string() }}),
                    ': header ', chr(34), first_duplicate.header_label, chr(34),
                    ' names a column already at column ',
                    cast(first_duplicate.first_position as {{ dbt.type_string() }})
                )
            when files.data_records = 0
                then 'no data rows: the file holds a header only'
            when first_ragged.file_name is not null
                then concat(
                    'line ',
                    cast(first_ragged.line_number as {{ dbt.type_string() }}), ': ',
                    cast(first_ragged.field_count as {{ dbt.type_string() }}),
                    ' fields where the header has ',
                    cast(first_ragged.header_column_count as {{ dbt.type_string() }}),
                    ' (',
                    cast(first_ragged.ragged_line_count as {{ dbt.type_string() }}),
                    ' such records)',
                    case
                        when ragged_record.record_line_count > 1
                            then concat(
                                '; this record runs over ',
                                cast(
                                    ragged_record.record_line_count
                                    as {{ dbt.type_string() }}
                                ),
                                ' lines inside a quoted field, so a quote is probably',
                                ' missing or extra'
                            )
                        else ''
                    end
                )
        end as finding
    from files
    left join missing_columns
        on files.file_name = missing_columns.file_name
    left join duplicated_headers as first_duplicate
        on
            files.file_name = first_duplicate.file_name
            and first_duplicate.duplicate_rank = 1
    left join ragged_lines as first_ragged
        on
            files.file_name = first_ragged.file_name
            and first_ragged.ragged_rank = 1
    left join submission_records as ragged_record
        on
            first_ragged.file_name = ragged_record.file_name
            and first_ragged.line_number = ragged_record.line_number
),

file_name_tokens as (
    select
        file_name,
        file_modified_date,
        file_content_hash,
        {{ parse_cld_date(dbt.concat([
            extract_pattern('file_name', date_token, 1), "'-'",
            extract_pattern('file_name', date_token, 2), "'-'",
            extract_pattern('file_name', date_token, 3)
        ])) }} as file_name_date
    from files
)

select
    file_findings.file_name,
    file_findings.finding is not null as is_quarantined,
    case
        when file_findings.finding is not null
            then concat(file_findings.file_name, ': ', file_findings.finding)
    end as quarantine_reason,
    cast(file_findings.ragged_line_count as bigint) as ragged_line_count,
    coalesce(file_name_tokens.file_name_date, file_name_tokens.file_modified_date)
        as received_date,
    case
        when file_name_tokens.file_name_date is not null then 'file name'
        else 'file modified date'
    end as received_date_source,
    file_name_tokens.file_content_hash
from file_findings
inner join file_name_tokens
    on file_findings.file_name = file_name_tokens.file_name
