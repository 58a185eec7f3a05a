{#- on-run-start: makes the pseudonym key's HMAC pads available to this run's SQL
    without ever writing them into compiled SQL, logs, the manifest or the docs
    site (the pads are the key XOR a constant, so they are the key). They travel
    as bound parameters into a relation that lives only as long as the run:
    DuckDB, a table in an in-memory database attached for the run (never in the
    warehouse file); Spark, a temporary view of the session. Warns loudly when the
    public development key is in use, unless warn is false (the pre-hook of the
    model that pseudonymises: a Thrift server gives each dbt thread its own
    session, so the view is registered again in that model's). -#}
{% macro register_pseudonym_key(warn=true) %}
    {% if execute %}
        {% if warn and pseudonym_key() == development_pseudonym_key() %}
            {% do exceptions.warn(
                "CLD_PSEUDONYM_KEY is not set: person keys use the PUBLIC development"
                ~ " key and are NOT safe pseudonyms. Set CLD_PSEUDONYM_KEY (hex, up"
                ~ " to 64 bytes) before building on real submissions.") %}
        {% endif %}
        {% set pads = hmac_key_pads(pseudonym_key()) %}
        {% do adapter.dispatch('register_pseudonym_key', 'cld_warehouse')(pads) %}
    {% endif %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__register_pseudonym_key(pads) %}
    {% do run_query("attach if not exists ':memory:' as cld_secrets") %}
    {% do adapter.add_query(
        "create or replace table cld_secrets.main.pseudonym_key_pads as "
        ~ "select unhex(?) as inner_pad, unhex(?) as outer_pad",
        auto_begin=False, bindings=[pads.inner, pads.outer], abridge_sql_log=True) %}
{% endmacro %}

{% macro spark__register_pseudonym_key(pads) %}
    {% do adapter.add_query(
        "create or replace temporary view cld_pseudonym_key_pads as "
        ~ "select unhex(%s) as inner_pad, unhex(%s) as outer_pad",
        auto_begin=False, bindings=[pads.inner, pads.outer], abridge_sql_log=True) %}
{% endmacro %}

{% macro default__register_pseudonym_key(pads) %}
    {{ exceptions.raise_compiler_error(
        "register_pseudonym_key: no implementation for " ~ target.type) }}
{% endmacro %}

{#- The relation register_pseudonym_key() fills: one row, inner_pad and
    outer_pad (64 bytes each). Unit tests override this macro with literal pads. -#}
{% macro pseudonym_key_pads_relation() %}
    {{ return(adapter.dispatch('pseudonym_key_pads_relation', 'cld_warehouse')()) }}
{% endmacro %}

{% macro duckdb__pseudonym_key_pads_relation() -%}
    cld_secrets.main.pseudonym_key_pads
{%- endmacro %}

{% macro spark__pseudonym_key_pads_relation() -%}
    cld_pseudonym_key_pads
{%- endmacro %}

{% macro default__pseudonym_key_pads_relation() -%}
    {{ exceptions.raise_compiler_error(
        "pseudonym_key_pads_relation: no implementation for " ~ target.type) }}
{%- endmacro %}
