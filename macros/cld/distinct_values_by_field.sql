{#- One row per file, field and distinct non-null value of that field in
    `relation` (a CTE with file_name and the fields): columns file_name,
    field_name, raw_value, row_count. Lets a model look each distinct value up once
    instead of once per row, and count values per file. -#}
{% macro distinct_values_by_field(relation, fields) -%}
    {%- for field_name in fields %}
    select
        file_name,
        '{{ field_name }}' as field_name,
        {{ field_name }} as raw_value,
        count(*) as row_count
    from {{ relation }}
    where {{ field_name }} is not null
    group by 1, 2, 3
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
