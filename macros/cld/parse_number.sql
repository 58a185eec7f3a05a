{#- A submitted number as `data_type`, or NULL. Only plain decimal text is cast
    ('-12.50', '3', '.5'): DuckDB's try_cast would also read '2.5' as an integer 3,
    '1_000', '0x10' and '1e3', which Spark reads as NULL; the pattern makes both
    engines agree and keeps such values visible as invalid numbers. -#}
{% macro parse_number(text, data_type) -%}
    {%- if data_type.startswith('int') or data_type.startswith('bigint') -%}
        {%- set pattern = '-?[0-9]+' -%}
    {%- else -%}
        {%- set pattern = '-?[0-9]+([.][0-9]*)?|-?[.][0-9]+' -%}
    {%- endif -%}
    case
        when {{ matches_pattern(text, pattern) }}
            then {{ dbt.safe_cast(text, data_type) }}
    end
{%- endmacro %}
