{#- The key defined-list values and headers are matched on: lower case, '&' read as
    'and', every character other than a-z and 0-9 dropped. It absorbs the case,
    spacing, dash, colon, slash and bracket variants councils send
    (shared/reference/cld_spec.md §2 and §5.24). -#}
{% macro normalise_match_key(text) %}
    {{ return(adapter.dispatch('normalise_match_key', 'cld_warehouse')(text)) }}
{% endmacro %}

{% macro duckdb__normalise_match_key(text) -%}
    regexp_replace(replace(lower({{ text }}), '&', 'and'), '[^a-z0-9]', '', 'g')
{%- endmacro %}

{#- Spark's regexp_replace replaces every match. -#}
{% macro spark__normalise_match_key(text) -%}
    regexp_replace(replace(lower({{ text }}), '&', 'and'), '[^a-z0-9]', '')
{%- endmacro %}

{% macro default__normalise_match_key(text) -%}
    {{ exceptions.raise_compiler_error(
        "normalise_match_key: no implementation for " ~ target.type) }}
{%- endmacro %}
