{#- How many of the SQL conditions hold on a row, as one integer expression. -#}
{% macro count_of_true(conditions) -%}
    (
        {%- for condition in conditions %}
        case when {{ condition }} then 1 else 0 end{{ " +" if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
