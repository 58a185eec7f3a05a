{#- One row per field and distinct non-null value of that field in `relation`
    (a CTE name): columns field_name, raw_value. Lets a model look each distinct
    value up once instead of once per row. -#}
{% macro distinct_values_by_field(relation, fields) -%}
    {%- for field_name in fields %}
    select
        '{{ field_name }}' as field_name,
        {{ field_name }} as raw_value
    from {{ relation }}
    where {{ field_name }} is not null
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
