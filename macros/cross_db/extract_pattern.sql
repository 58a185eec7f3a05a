{#- The text of capture group `group` of the first match of `pattern` in `text`,
    or NULL when there is no match. -#}
{% macro extract_pattern(text, pattern, group) %}
    {{ return(adapter.dispatch('extract_pattern', 'cld_warehouse')(text, pattern, group)) }}
{% endmacro %}

{#- regexp_extract is the same on DuckDB and Spark: '' when nothing matches. -#}
{% macro default__extract_pattern(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, '{{ pattern }}', {{ group }}), '')
{%- endmacro %}
