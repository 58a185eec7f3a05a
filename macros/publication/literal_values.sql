{#- A relation of one text column `column` holding the literal `values`, for the
    cell templates of the statistics marts (macro council_cells_filled). -#}
{% macro literal_values(column, values) -%}
    {%- for value in values %}
    select '{{ value }}' as {{ column }}{% if not loop.last %}
    union all{% endif %}
    {%- endfor %}
{%- endmacro %}
