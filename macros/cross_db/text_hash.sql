{#- A 64-bit hash of a string, to group long texts by a short key (DuckDB hash,
    Spark xxhash64). Two texts may share a hash, so use it only where a rare
    collision is harmless or checked. -#}
{% macro text_hash(text) %}
    {{ return(adapter.dispatch('text_hash', 'cld_warehouse')(text)) }}
{% endmacro %}

{% macro duckdb__text_hash(text) -%}
    hash({{ text }})
{%- endmacro %}

{% macro spark__text_hash(text) -%}
    xxhash64({{ text }})
{%- endmacro %}

{% macro default__text_hash(text) -%}
    {{ exceptions.raise_compiler_error(
        "text_hash: no implementation for " ~ target.type) }}
{%- endmacro %}
