-- Stored, not the folder's view: the CSV split below is one of the most expensive
-- steps of the build and staging, validation and lineage all read its result.
-- Incremental, file by file (a file is its content hash): only new or
-- replaced files are split.
{{ config_stored_by_part('file_name', 'base_cld__submission_records') }}

{%- set placeholder_conditions = {} %}
{%- for column_name in cld_columns() %}
    {%- do placeholder_conditions.update(
        {column_name: is_placeholder_text(column_name)}) %}
{%- endfor %}

with submission_records as (
    select
        file_name,
        record_number,
        line_number,
        record_text,
        file_content_hash
    from {{ ref('base_cld__submission_records') }}
    where
        record_number > 1
        and not is_blank_record
        and {{ is_partition_unbuilt('file_name') }}
),

-- A repeated record points at its first copy. Grouping by a 64-bit hash of the
-- text, not the text, replaced a window that spent 35 CPU-seconds sorting the
-- national quarter's records; by the birthday bound (about n^2 / 2^65 for a
-- file of n records, not measured) two different records of one file sharing
-- a hash is below 1 in 10^9 per national quarter.
record_first_copies as (
    select
        file_name,
        {{ text_hash('record_text') }} as record_text_hash,
        min(line_number) as first_line_number
    from submission_records
    group by 1, 2
),

file_layouts as (
    select
        file_name,
        header_column_count,
        {% for column_name in cld_columns() %}
            {{ column_name }}_position{% if not loop.last %},{% endif %}
        {% endfor %}
    from {{ ref('base_cld__file_layouts') }}
),

split_records as (
    select
        file_name,
        file_content_hash,
        record_number,
        line_number,
        {{ text_hash('record_text') }} as record_text_hash,
        {{ split_csv_fields('record_text') }} as record_fields
    from submission_records
),

records_with_layout as (
    select
        split_records.file_name,
        split_records.file_content_hash,
        split_records.record_number,
        split_records.line_number,
        split_records.record_fields,
        {{ csv_field_count('split_records.record_fields') }} as field_count,
        file_layouts.header_column_count,
        record_first_copies.first_line_number as first_line_number_with_same_text,
        {% for column_name in cld_columns() %}
            file_layouts.{{ column_name }}_position{% if not loop.last %},{% endif %}
        {% endfor %}
    from split_records
    inner join file_layouts
        on split_records.file_name = file_layouts.file_name
    inner join record_first_copies
        on
            split_records.file_name = record_first_copies.file_name
            and split_records.record_text_hash = record_first_copies.record_text_hash
),

extracted_fields as (
    select
        file_name,
        file_content_hash,
        record_number,
        line_number,
        field_count,
        header_column_count,
        case
            when first_line_number_with_same_text < line_number
                then first_line_number_with_same_text
        end as duplicate_of_line_number,
        {% for column_name in cld_columns() %}
            {{ csv_field_at('record_fields', column_name ~ '_position') }}
                as {{ column_name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from records_with_layout
),

-- Unquote and trim, then clean, in separate steps so each expression reads a
-- column once (DuckDB's common-subexpression optimizer is off: profiles.yml).
unquoted_fields as (
    select
        file_name,
        file_content_hash,
        record_number,
        line_number,
        field_count,
        header_column_count,
        duplicate_of_line_number,
        {% for column_name in cld_columns() %}
            trim({{ unquote_csv_field(column_name) }})
                as {{ column_name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from extracted_fields
)

select
    file_name,
    file_content_hash,
    record_number,
    line_number,
    field_count,
    header_column_count,
    duplicate_of_line_number,
    {{ field_list(placeholder_conditions) }} as placeholder_value_fields,
    {% for column_name in cld_columns() %}
        {{ clean_text(column_name) }}
            as {{ column_name }}{% if not loop.last %},{% endif %}
    {% endfor %}
from unquoted_fields
