{#- A space-separated list of the field names whose condition holds, or NULL when
    none does: one readable column instead of one flag per field. -#}
{% macro field_list(conditions) -%}
    nullif(trim(concat(
        {%- for field_name, condition in conditions.items() %}
        case when {{ condition }} then ' {{ field_name }}' else '' end
        {{- "," if not loop.last }}
        {%- endfor %}
    )), '')
{%- endmacro %}
