{#- dbt-duckdb 1.11's safe_cast is a plain cast, which raises on bad submitted
    values; staging needs NULL instead (STYLE §5). -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
