{#- HMAC-SHA256 (RFC 2104) of a text value, as lower-case hex. The key's inner and
    outer pads are worked out at compile time by hmac_key_pads(), so the SQL only
    needs sha256 over bytes. -#}
{% macro hmac_sha256(text, key_hex) %}
    {% set pads = hmac_key_pads(key_hex) %}
    {{ return(adapter.dispatch('hmac_sha256', 'cld_warehouse')(text, pads)) }}
{% endmacro %}

{% macro duckdb__hmac_sha256(text, pads) -%}
    sha256(
        unhex('{{ pads.outer }}')
        || unhex(sha256(unhex('{{ pads.inner }}') || encode({{ text }})))
    )
{%- endmacro %}

{% macro spark__hmac_sha256(text, pads) -%}
    sha2(
        unhex('{{ pads.outer }}')
        || unhex(sha2(unhex('{{ pads.inner }}') || encode({{ text }}, 'UTF-8'), 256)),
        256
    )
{%- endmacro %}

{% macro default__hmac_sha256(text, pads) -%}
    {{ exceptions.raise_compiler_error(
        "hmac_sha256: no implementation for " ~ target.type) }}
{%- endmacro %}
