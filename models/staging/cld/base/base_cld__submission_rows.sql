-- A table, not the folder's view: the CSV split below is the most expensive step of
-- the build and staging, validation and lineage all read its result.
{{ config(materialized='table') }}

{%- set placeholder_conditions = {} %}
{%- for column_name in cld_columns() %}
    {%- do placeholder_conditions.update({column_name: 'upper(trim(' ~ column_name
        ~ ')) in (' ~ cld_placeholder_texts() ~ ')'}) %}
{%- endfor %}

with submission_records as (
    select
        file_name,
        record_number,
        line_number,
        record_text
    from {{ ref('base_cld__submission_records') }}
    where record_number > 1 and not is_blank_record
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
        record_number,
        line_number,
        record_text,
        {{ split_csv_fields('record_text') }} as record_fields
    from submission_records
),

records_with_layout as (
    select
        split_records.file_name,
        split_records.record_number,
        split_records.line_number,
        split_records.record_fields,
        {{ csv_field_count('split_records.record_fields') }} as field_count,
        file_layouts.header_column_count,
        min(split_records.line_number) over (
            partition by split_records.file_name, split_records.record_text
        ) as first_line_number_with_same_text,
        {% for column_name in cld_columns() %}
            file_layouts.{{ column_name }}_position{% if not loop.last %},{% endif %}
        {% endfor %}
    from split_records
    inner join file_layouts
        on split_records.file_name = file_layouts.file_name
),

extracted_fields as (
    select
        file_name,
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

-- Unquote and clean in separate steps so each expression reads a column once.
unquoted_fields as (
    select
        file_name,
        record_number,
        line_number,
        field_count,
        header_column_count,
        duplicate_of_line_number,
        {% for column_name in cld_columns() %}
            {{ unquote_csv_field(column_name) }}
                as {{ column_name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from extracted_fields
)

select
    file_name,
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
