{#- The 1-based element `position` of an array from split_csv_fields(); NULL when
    the position is NULL or past the end (a short, ragged line). -#}
{% macro csv_field_at(fields, position) %}
    {{ return(adapter.dispatch('csv_field_at', 'cld_warehouse')(fields, position)) }}
{% endmacro %}

{% macro duckdb__csv_field_at(fields, position) -%}
    list_extract({{ fields }}, {{ position }})
{%- endmacro %}

{#- try_: NULL instead of an error past the end, also under ANSI mode. -#}
{% macro spark__csv_field_at(fields, position) -%}
    try_element_at({{ fields }}, {{ position }})
{%- endmacro %}

{% macro default__csv_field_at(fields, position) -%}
    {{ exceptions.raise_compiler_error(
        "csv_field_at: no implementation for " ~ target.type) }}
{%- endmacro %}
