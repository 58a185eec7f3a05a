{#- HMAC-SHA256 (RFC 2104) of a text value, as lower-case hex, with the key pads
    that register_pseudonym_key() put in pseudonym_key_pads_relation() for this
    run: the key itself never appears in the SQL. -#}
{% macro hmac_sha256(text) %}
    {{ return(adapter.dispatch('hmac_sha256', 'cld_warehouse')(text)) }}
{% endmacro %}

{% macro duckdb__hmac_sha256(text) -%}
    sha256(
        (select outer_pad from {{ pseudonym_key_pads_relation() }})
        || unhex(sha256(
            (select inner_pad from {{ pseudonym_key_pads_relation() }})
            || encode({{ text }})
        ))
    )
{%- endmacro %}

{% macro spark__hmac_sha256(text) -%}
    sha2(
        (select outer_pad from {{ pseudonym_key_pads_relation() }})
        || unhex(sha2(
            (select inner_pad from {{ pseudonym_key_pads_relation() }})
            || encode({{ text }}, 'UTF-8'),
            256
        )),
        256
    )
{%- endmacro %}

{% macro default__hmac_sha256(text) -%}
    {{ exceptions.raise_compiler_error(
        "hmac_sha256: no implementation for " ~ target.type) }}
{%- endmacro %}
