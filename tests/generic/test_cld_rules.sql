{#- The failing rows of one family of validation rules (macro cld_rule_family),
    read from the columns that cld_rule_columns adds to `model` (one per rule:
    <key>__failed, <key>__value), so the test does not evaluate the rules
    again: one row per failing row and rule (submission_id, line_number,
    rule_id, offending_value). The rules are warnings: a failing rule never
    stops the build; dq_failures and dq_rule_results publish every failure.
    Arguments: family (one of cld_rule_families). -#}
{% test cld_rules(model, family) %}

with validation_errors as (
    {%- for rule in cld_rule_family(family) %}
    {%- set key = cld_rule_key(rule.rule_id) %}
    select
        submission_id,
        line_number,
        '{{ rule.rule_id }}' as rule_id,
        {{ key }}__value as offending_value
    from {{ model }}
    where {{ key }}__failed
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from validation_errors

{% endtest %}
