{#- The body of a `_published` model whose mart has council rows only: the
    mart's rows and each region's and England's sums of them (macro
    areas_added_relation), then suppressed and rounded per area (macro
    published_with_suppression). `dimensions` are the mart's columns that
    identify a row besides la_code; `groups` the columns besides the area of a
    group of rows adding up to a known total. -#}
{% macro published_with_areas(relation, dimensions, count_sets, groups) %}
    {%- set measures = [] %}
    {%- for count_set in count_sets %}
        {%- do measures.extend(count_set['counts']) %}
    {%- endfor %}
    {{- published_with_suppression(
        areas_added_relation(relation, dimensions, measures),
        ['area_type', 'area_code', 'area_name', 'la_code', 'region_name']
        + dimensions + ['councils_included'],
        count_sets,
        ['area_code'] + groups
    ) }}
{%- endmacro %}
