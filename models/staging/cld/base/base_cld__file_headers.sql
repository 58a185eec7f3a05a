-- One row per landed file and header cell: the cell's text, its match key and the
-- canonical column it names, if any (seed cld_header_aliases), and how many
-- fields the header has (cells past var max_csv_columns are not read).
with header_records as (
    select
        file_name,
        {{ split_csv_fields('record_text') }} as header_fields
    from {{ ref('base_cld__submission_records') }}
    where record_number = 1
),

column_positions as (
    {{ integer_sequence(var('max_csv_columns'), 'column_position') }}
),

header_aliases as (
    select
        lower(header_label) as header_label_lower,
        {{ normalise_match_key('header_label') }} as header_key,
        column_name,
        naming_style
    from {{ ref('cld_header_aliases') }}
),

alias_keys as (
    select
        header_key,
        min(column_name) as column_name
    from header_aliases
    group by 1
),

header_styles as (
    select
        header_label_lower,
        max(case when naming_style = 'snake' then 1 else 0 end) as is_snake_label,
        max(case when naming_style = 'spec' then 1 else 0 end) as is_spec_label,
        max(case when naming_style = 'dscro' then 1 else 0 end) as is_dscro_label
    from header_aliases
    group by 1
),

header_cells as (
    select
        header_records.file_name,
        {{ csv_field_count('header_records.header_fields') }} as header_field_count,
        column_positions.column_position,
        trim({{ unquote_csv_field(
            csv_field_at('header_records.header_fields', 'column_positions.column_position')
        ) }}) as header_label
    from header_records
    cross join column_positions
    where
        column_positions.column_position
        <= {{ csv_field_count('header_records.header_fields') }}
),

header_cells_mapped as (
    select
        header_cells.file_name,
        header_cells.header_field_count,
        header_cells.column_position,
        header_cells.header_label,
        {{ normalise_match_key('header_cells.header_label') }} as header_key
    from header_cells
)

select
    header_cells_mapped.file_name,
    header_cells_mapped.column_position,
    cast(header_cells_mapped.header_field_count as bigint) as header_field_count,
    header_cells_mapped.header_label,
    header_cells_mapped.header_key,
    alias_keys.column_name,
    coalesce(header_styles.is_snake_label, 0) = 1 as is_snake_label,
    coalesce(header_styles.is_spec_label, 0) = 1 as is_spec_label,
    coalesce(header_styles.is_dscro_label, 0) = 1 as is_dscro_label
from header_cells_mapped
left join alias_keys
    on header_cells_mapped.header_key = alias_keys.header_key
left join header_styles
    on lower(header_cells_mapped.header_label) = header_styles.header_label_lower
