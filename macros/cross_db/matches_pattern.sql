{#- True when the whole of `text` matches the regular expression `pattern` (RE2 /
    Java syntax common subset: classes, quantifiers, anchors implied). -#}
{% macro matches_pattern(text, pattern) %}
    {{ return(adapter.dispatch('matches_pattern', 'cld_warehouse')(text, pattern)) }}
{% endmacro %}

{% macro duckdb__matches_pattern(text, pattern) -%}
    regexp_full_match({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__matches_pattern(text, pattern) -%}
    ({{ text }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro default__matches_pattern(text, pattern) -%}
    {{ exceptions.raise_compiler_error(
        "matches_pattern: no implementation for " ~ target.type) }}
{%- endmacro %}
