{#- Three CTEs listing the results of the rules a checked model carries as
    columns (cld_rule_models): `<model>_counts` (per submission, the rows each
    rule applies to), `<model>_rules`, and `<model>_results`, one row per
    failing row and rule (the value it shows) plus one count row per
    submission and rule (line_number NULL). version_columns are carried from
    the model beside submission_id; row_filter limits the rows read. -#}
{% macro cld_rule_results(model_name, version_columns=[], row_filter='1 = 1') %}
    {%- set rules = [] %}
    {%- for family in cld_rule_models()[model_name] %}
        {%- do rules.extend(cld_rule_family(family)) %}
    {%- endfor %}
    {%- set carried = ['submission_id'] + version_columns %}
    {{ model_name }}_counts as (
        select
            {{ carried | join(', ') }},
            {% for rule in rules %}
                {%- set key = cld_rule_key(rule.rule_id) %}
                sum(case when {{ key }}__checked then 1 else 0 end)
                    as {{ key }}__rows_checked
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        from {{ ref(model_name) }}
        where {{ row_filter }}
        group by {{ range(1, carried | length + 1) | join(', ') }}
    ),

    -- the counts unpivoted: one reference to the aggregate (Spark would
    -- recompute a CTE referenced once per rule)
    {{ model_name }}_rules as (
        {{ literal_values('rule_id', rules | map(attribute='rule_id') | list) }}
    ),

    {{ model_name }}_results as (
        select
            {% for column in carried %}
                {{ model_name }}_counts.{{ column }},
            {% endfor %}
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
        union all
        {{ cld_rule_failures(model_name, rules, carried, row_filter) }}
    )
{% endmacro %}
