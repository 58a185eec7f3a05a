{#- The stored-failure tables of this project's cld_rules tests that exist now.
    `dbt build` runs those tests (on stg_cld__submission_rows) before that model's
    children, so a child reading these tables sees the current build's checks.
    Existence is asked of the database: tables a test creates during the run are
    not in dbt's relation cache. Empty while parsing. -#}
{% macro cld_rule_check_relations() %}
    {% set relations = [] %}
    {% if execute %}
        {% set existing = {} %}
        {% for node in graph.nodes.values()
            if node.resource_type == 'test'
            and node.test_metadata is defined and node.test_metadata
            and node.test_metadata.name == 'cld_rules' %}
            {% if node.schema not in existing %}
                {% do existing.update({node.schema: tables_in_schema(node.schema)}) %}
            {% endif %}
            {% if node.alias | lower in existing[node.schema] %}
                {% do relations.append(api.Relation.create(
                    database=node.database, schema=node.schema,
                    identifier=node.alias)) %}
            {% endif %}
        {% endfor %}
    {% endif %}
    {{ return(relations) }}
{% endmacro %}

{#- One relation of the cld_rules tests' stored failures: a union of every
    existing table (submission_id, line_number, rule_id, offending_value,
    rows_checked), or no rows when there is none yet. `empty_from` is a relation
    to select the empty result from. -#}
{% macro cld_rule_checks_union(empty_from) %}
    {%- set relations = cld_rule_check_relations() %}
    {%- if relations | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as submission_id,
        cast(null as bigint) as line_number,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as offending_value,
        cast(null as bigint) as rows_checked
    from {{ empty_from }}
    where false
    {%- endif %}
    {%- for relation in relations %}
    select
        submission_id,
        cast(line_number as bigint) as line_number,
        rule_id,
        offending_value,
        cast(rows_checked as bigint) as rows_checked
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
