{#- One row per failing row and rule of a checked model (cld_rule_results):
    the carried columns, line_number, rule_id, offending_value and a NULL
    rows_checked. DuckDB: one filtered select per rule, unioned (each reads
    two columns of the stored rows). Spark: the rule columns unpivoted with
    stack() in one scan; a union of 100 scans of a partitioned table took 92 s
    to plan and run on the fixtures, and its task binaries (every branch's
    generated code) ran the Thrift server's driver out of memory. -#}
{% macro cld_rule_failures(model_name, rules, carried, row_filter) %}
    {{ return(adapter.dispatch('cld_rule_failures', 'cld_warehouse')(
        model_name, rules, carried, row_filter)) }}
{% endmacro %}

{% macro default__cld_rule_failures(model_name, rules, carried, row_filter) %}
    {% for rule in rules %}
        {%- set key = cld_rule_key(rule.rule_id) %}
        {%- if not loop.first %}
            union all
        {% endif %}
        select
            {{ carried | join(', ') }},
            cast(line_number as bigint) as line_number,
            '{{ rule.rule_id }}' as rule_id,
            cast({{ key }}__value as {{ dbt.type_string() }}) as offending_value,
            cast(null as bigint) as rows_checked
        from {{ ref(model_name) }}
        where {{ key }}__failed and {{ row_filter }}
    {% endfor %}
{% endmacro %}

{% macro spark__cld_rule_failures(model_name, rules, carried, row_filter) %}
    select
        {{ carried | join(', ') }},
        line_number,
        rule_id,
        offending_value,
        cast(null as bigint) as rows_checked
    from (
        select
            {{ carried | join(', ') }},
            cast(line_number as bigint) as line_number,
            stack(
                {{ rules | length }},
                {% for rule in rules %}
                    {%- set key = cld_rule_key(rule.rule_id) %}
                    '{{ rule.rule_id }}',
                    {{ key }}__failed,
                    cast({{ key }}__value as {{ dbt.type_string() }})
                    {%- if not loop.last %},{% endif %}
                {% endfor %}
            ) as (rule_id, is_failed, offending_value)
        from {{ ref(model_name) }}
        where {{ row_filter }}
    ) as unpivoted
    where is_failed
{% endmacro %}
