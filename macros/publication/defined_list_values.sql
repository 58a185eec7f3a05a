{#- A relation of one column `column`: the display labels of a defined-list
    field (int_defined_list_labels; only codes meeting `code_condition`), then
    the `fallbacks` a mart shows for values missing or outside the list. For the
    cell templates of the statistics marts (macro council_cells_filled). -#}
{% macro defined_list_values(field_name, column, fallbacks=[], code_condition='true') -%}
    select display_label as {{ column }}
    from {{ ref('int_defined_list_labels') }}
    where field_name = '{{ field_name }}' and {{ code_condition }}
    {%- if fallbacks %}
    union all
    {{ literal_values(column, fallbacks) }}
    {%- endif %}
{%- endmacro %}
