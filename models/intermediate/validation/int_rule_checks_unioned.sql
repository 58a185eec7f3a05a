-- Every validation rule's result in one long list: one row per failing row and
-- rule (the value it shows), plus one count row per submission and rule
-- (line_number NULL, rows_checked: the rows the rule applies to). Read from the
-- columns the checked models carry for each rule (macros cld_rule_columns,
-- cld_rule_models), so no rule is evaluated twice.
-- A table, not the folder's view: dq_failures and dq_rule_results both read it,
-- and Spark's metastore keeps no view text longer than 32,700 characters.
{{ config(materialized='table') }}
{%- set rule_models = cld_rule_models() %}

with
{% for model_name, families in rule_models.items() %}
    {%- set rules = [] %}
    {%- for family in families %}
        {%- do rules.extend(cld_rule_family(family)) %}
    {%- endfor %}
    {{ model_name }}_counts as (
        select
            submission_id,
            {% for rule in rules %}
                {%- set key = cld_rule_key(rule.rule_id) %}
                sum(case when {{ key }}__checked then 1 else 0 end)
                    as {{ key }}__rows_checked
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        from {{ ref(model_name) }}
        group by 1
    ),

    -- the counts unpivoted: one reference to the aggregate (Spark would
    -- recompute a CTE referenced once per rule)
    {{ model_name }}_rules as (
        {{ literal_values('rule_id', rules | map(attribute='rule_id') | list) }}
    ),

    {{ model_name }}_results as (
        select
            {{ model_name }}_counts.submission_id,
            cast(null as bigint) as line_number,
            {{ model_name }}_rules.rule_id,
            cast(null as {{ dbt.type_string() }}) as offending_value,
            cast(case {{ model_name }}_rules.rule_id
                {% for rule in rules %}
                    {%- set key = cld_rule_key(rule.rule_id) %}
                    when '{{ rule.rule_id }}'
                        then {{ model_name }}_counts.{{ key }}__rows_checked
                {% endfor %}
            end as bigint) as rows_checked
        from {{ model_name }}_counts
        cross join {{ model_name }}_rules
        {% for rule in rules %}
            {%- set key = cld_rule_key(rule.rule_id) %}
            union all
            select
                submission_id,
                cast(line_number as bigint) as line_number,
                '{{ rule.rule_id }}' as rule_id,
                cast({{ key }}__value as {{ dbt.type_string() }}) as offending_value,
                cast(null as bigint) as rows_checked
            from {{ ref(model_name) }}
            where {{ key }}__failed
        {% endfor %}
    ),
{% endfor %}

rule_checks as (
    {% for model_name in rule_models %}
        select * from {{ model_name }}_results
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

-- a rule that applies to no row of a file has no count row, as before

select
    submission_id,
    line_number,
    rule_id,
    offending_value,
    rows_checked,
    line_number is not null as is_failure
from rule_checks
where line_number is not null or rows_checked > 0
