{#- dbt's safe_cast is a plain cast on dbt-duckdb 1.11 and dbt-spark 1.11, which
    raises on bad submitted values (DuckDB, Spark 4 ANSI); staging needs NULL
    (STYLE §5, portability.md §6.2). Dispatch finds these root-project versions
    before dbt's own. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
