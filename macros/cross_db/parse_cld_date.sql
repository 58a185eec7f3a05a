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

{#- try_to_timestamp: NULL for impossible dates also under ANSI mode; the profile
    sets spark.sql.legacy.timeParserPolicy=CORRECTED so unparseable text is NULL
    rather than an upgrade error. -#}
{% macro spark__parse_cld_date(text) -%}
    cast(
        case
            when {{ text }} like '%/%/____'
                then try_to_timestamp({{ text }}, 'd/M/yyyy')
            when {{ text }} like '____-%-%'
                then try_to_timestamp({{ text }}, 'yyyy-M-d')
        end
        as date
    )
{%- endmacro %}

{% macro default__parse_cld_date(text) -%}
    {{ exceptions.raise_compiler_error(
        "parse_cld_date: no implementation for " ~ target.type) }}
{%- endmacro %}
