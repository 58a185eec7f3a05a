{#- CTEs ending in `breakdown_values_labelled`: the `columns` of `relation`
    (a CTE with breakdown_field, the defined-list field or NULL, and
    breakdown_code) and breakdown_value: the code's label in its newest
    wording (int_defined_list_labels) when breakdown_field names a defined
    list, the code itself otherwise (already a label), and 'Not recorded or
    invalid' when the code is NULL. A recorded 'unknown' code keeps its own
    label. -#}
{% macro breakdown_values_labelled(relation, columns) %}
defined_list_labels as (
    select
        field_name,
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
),

breakdown_values_labelled as (
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        case
            when {{ relation }}.breakdown_code is null
                then 'Not recorded or invalid'
            else coalesce(
                defined_list_labels.display_label, {{ relation }}.breakdown_code
            )
        end as breakdown_value
    from {{ relation }}
    left join defined_list_labels
        on
            {{ relation }}.breakdown_field = defined_list_labels.field_name
            and {{ relation }}.breakdown_code = defined_list_labels.code
)
{% endmacro %}
