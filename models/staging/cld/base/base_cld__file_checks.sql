-- One row per landed file: whether it can be read as a CLD submission, and if not
-- the first reason, naming the file and, where it applies, the line and column.
-- Messages use chr(34) for quotes: Spark reads '' in a literal as two literals.
{%- set required_columns = cld_required_columns() %}
{%- set missing_required = {} %}
{%- for column_name in required_columns %}
    {%- do missing_required.update({column_name: column_name ~ '_position is null'}) %}
{%- endfor %}

with submission_lines as (
    select
        file_name,
        line_number,
        line_text,
        file_encoding,
        is_blank_line
    from {{ ref('base_cld__submission_lines') }}
),

file_layouts as (
    select
        file_name,
        header_column_count,
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
        sum(case when is_blank_line then 0 else 1 end) as non_blank_lines,
        max(case when line_number = 1 then line_text end) as header_line
    from submission_lines
    group by 1
),

missing_columns as (
    select
        file_name,
        header_column_count,
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
                then 'not text in UTF-8 or Windows-1252 (binary, or another encoding)'
            when coalesce(files.non_blank_lines, 0) = 0 then 'empty file'
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
            when first_ragged.file_name is not null
                then concat(
                    'line ',
                    cast(first_ragged.line_number as {{ dbt.type_string() }}), ': ',
                    cast(first_ragged.field_count as {{ dbt.type_string() }}),
                    ' fields where the header has ',
                    cast(first_ragged.header_column_count as {{ dbt.type_string() }}),
                    ' (',
                    cast(first_ragged.ragged_line_count as {{ dbt.type_string() }}),
                    ' such lines)'
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
)

select
    file_name,
    finding is not null as is_quarantined,
    case when finding is not null then concat(file_name, ': ', finding) end
        as quarantine_reason,
    cast(ragged_line_count as bigint) as ragged_line_count
from file_findings
