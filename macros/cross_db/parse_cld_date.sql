{#- Parses a submitted date: dd/mm/yyyy as the specification asks (day and month
    may be unpadded), or ISO yyyy-mm-dd. Anything else, impossible dates
    (31/02/2024), times and two-digit years give NULL. -#}
{% macro parse_cld_date(text) %}
    {{ return(adapter.dispatch('parse_cld_date', 'cld_warehouse')(text)) }}
{% endmacro %}

{% macro duckdb__parse_cld_date(text) -%}
    cast(
        case
            when {{ text }} like '%/%/____'
                then try_strptime({{ text }}, '%d/%m/%Y')
            when {{ text }} like '____-%-%'
                then try_strptime({{ text }}, '%Y-%m-%d')
        end
        as date
    )
{%- endmacro %}

{% macro default__parse_cld_date(text) -%}
    {{ exceptions.raise_compiler_error(
        "parse_cld_date: no implementation for " ~ target.type) }}
{%- endmacro %}
