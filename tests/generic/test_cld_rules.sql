{#- Runs one family of validation rules (macro cld_rule_family) over staged rows.
    Returns one row per failing row and rule (submission_id, line_number, rule_id,
    offending_value) plus, per submission and rule, one count row (line_number
    NULL, rows_checked) so the stored failures also say how many rows were
    checked. Configure fail_calc: count(line_number) so only failures count.
    Arguments: family (defined_lists, formats, mandatory, conditional_mandatory,
    person_details, event_consistency, file_consistency, services, carers,
    dates, event_types, duplicates). -#}
{% test cld_rules(model, family) %}

with checked_rows as (
    {%- for rule in cld_rule_family(family) %}
    select
        submission_id,
        line_number,
        '{{ rule.rule_id }}' as rule_id,
        {{ rule.get('shows') or cld_offending_value(rule.field_name) }}
            as offending_value,
        coalesce({{ rule.fails }}, false) as is_failure
    from {{ model }}
    where {{ rule.get('applies', 'true') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

validation_errors as (
    select
        submission_id,
        line_number,
        rule_id,
        offending_value,
        cast(null as bigint) as rows_checked
    from checked_rows
    where is_failure

    union all

    select
        submission_id,
        cast(null as bigint) as line_number,
        rule_id,
        cast(null as {{ dbt.type_string() }}) as offending_value,
        count(*) as rows_checked
    from checked_rows
    group by submission_id, rule_id
)

select * from validation_errors

{% endtest %}
