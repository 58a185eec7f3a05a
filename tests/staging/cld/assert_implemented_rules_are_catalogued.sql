-- Every rule the validation families implement has a row in the rule catalogue
-- (seed cld_validation_rules), so dq_rule_results can name its module, field
-- and severity. Returns implemented rule ids the catalogue lacks.
{%- set rule_ids = [] %}
{%- for family in cld_rule_families() %}
    {%- for rule in cld_rule_family(family) %}
        {%- do rule_ids.append(rule.rule_id) %}
    {%- endfor %}
{%- endfor %}

with implemented_rules as (
    {{ text_values(rule_ids, 'rule_id') }}
),

catalogued_rules as (
    select rule_id
    from {{ ref('cld_validation_rules') }}
)

select implemented_rules.rule_id
from implemented_rules
left join catalogued_rules
    on implemented_rules.rule_id = catalogued_rules.rule_id
where catalogued_rules.rule_id is null
