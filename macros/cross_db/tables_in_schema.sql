{#- Lower-case names of the tables and views in a schema, asked of the database
    (not dbt's relation cache); empty when the schema does not exist. -#}
{% macro tables_in_schema(schema) %}
    {{ return(adapter.dispatch('tables_in_schema', 'cld_warehouse')(schema)) }}
{% endmacro %}

{% macro duckdb__tables_in_schema(schema) %}
    {% set result = run_query(
        "select lower(table_name) from information_schema.tables"
        ~ " where table_catalog = current_database()"
        ~ " and table_schema = '" ~ schema ~ "'") %}
    {{ return(result.columns[0].values() | list) }}
{% endmacro %}

{% macro spark__tables_in_schema(schema) %}
    {% set schemas = run_query("show schemas").columns[0].values() | map('lower') | list %}
    {% if schema | lower not in schemas %}
        {{ return([]) }}
    {% endif %}
    {% set result = run_query("show tables in " ~ schema) %}
    {{ return(result.columns['tableName'].values() | map('lower') | list) }}
{% endmacro %}

{% macro default__tables_in_schema(schema) %}
    {{ exceptions.raise_compiler_error(
        "tables_in_schema: no implementation for " ~ target.type) }}
{% endmacro %}
