{#- A one-column relation holding the given text values, one VALUES row each. -#}
{% macro text_values(values, column_name) -%}
    select text_values.{{ column_name }}
    from (
        values
        {%- for value in values %}
        ('{{ value | replace("'", "''") }}'){{ "," if not loop.last }}
        {%- endfor %}
    ) as text_values ({{ column_name }})
{%- endmacro %}
