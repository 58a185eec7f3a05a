-- One row per landed file with a header: where each canonical column sits in it,
-- and what its header says about the file (naming style, gaps, extras).
with file_headers as (
    select
        file_name,
        column_position,
        header_field_count,
        header_label,
        column_name,
        is_snake_label,
        is_spec_label,
        is_dscro_label
    from {{ ref('base_cld__file_headers') }}
),

column_first_positions as (
    select
        file_name,
        column_name,
        min(column_position) as column_position,
        count(*) as times_in_header
    from file_headers
    where column_name is not null
    group by 1, 2
),

header_summary as (
    select
        file_name,
        count(*) as header_column_count,
        max(header_field_count) as header_field_count,
        sum(case when column_name is not null then 1 else 0 end) as mapped_column_count,
        sum(case when column_name is null then 1 else 0 end) as unmapped_column_count,
        sum(case when is_snake_label then 1 else 0 end) as snake_label_count,
        sum(case when is_spec_label then 1 else 0 end) as spec_label_count,
        sum(case when is_dscro_label then 1 else 0 end) as dscro_label_count
    from file_headers
    group by 1
),

column_summary as (
    select
        file_name,
        count(*) as distinct_column_count,
        sum(case when times_in_header > 1 then 1 else 0 end) as duplicated_column_count,
        {% for column_name in cld_columns() %}
            min(case when column_name = '{{ column_name }}' then column_position end)
                as {{ column_name }}_position{% if not loop.last %},{% endif %}
        {% endfor %}
    from column_first_positions
    group by 1
)

select
    header_summary.file_name,
    header_summary.header_column_count,
    header_summary.header_field_count,
    header_summary.mapped_column_count,
    header_summary.unmapped_column_count,
    coalesce(column_summary.duplicated_column_count, 0) as duplicated_column_count,
    {{ cld_columns() | length }} - coalesce(column_summary.distinct_column_count, 0)
        as missing_column_count,
    case
        when header_summary.mapped_column_count = 0 then 'unrecognised'
        when header_summary.snake_label_count = header_summary.mapped_column_count
            then 'snake'
        when header_summary.spec_label_count = header_summary.mapped_column_count
            then 'spec'
        when header_summary.dscro_label_count = header_summary.mapped_column_count
            then 'dscro'
        else 'mixed'
    end as header_style,
    {% for column_name in cld_columns() %}
        column_summary.{{ column_name }}_position{% if not loop.last %},{% endif %}
    {% endfor %}
from header_summary
left join column_summary
    on header_summary.file_name = column_summary.file_name
