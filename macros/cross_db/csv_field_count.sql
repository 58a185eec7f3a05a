{#- Number of fields in an array from split_csv_fields(). -#}
{% macro csv_field_count(fields) %}
    {{ return(adapter.dispatch('csv_field_count', 'cld_warehouse')(fields)) }}
{% endmacro %}

{% macro duckdb__csv_field_count(fields) -%}
    len({{ fields }})
{%- endmacro %}

{% macro spark__csv_field_count(fields) -%}
    size({{ fields }})
{%- endmacro %}

{% macro default__csv_field_count(fields) -%}
    {{ exceptions.raise_compiler_error(
        "csv_field_count: no implementation for " ~ target.type) }}
{%- endmacro %}
