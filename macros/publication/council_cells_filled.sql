{#- CTEs ending in `cells_filled`: the rows of `relation` (a CTE with la_code, the
    `dimensions`, the `counts` and the `values` columns, one row per council and
    cell) plus, for every council with a file covering the period
    (int_submissions_selected.is_latest_covering), each cell of `template` (a
    CTE of the table's fixed cells: its dimensions' value lists, from seeds and
    defined lists, never from the data) that it lacks, with 0 in `counts` and
    NULL in `values`. So every council with a file covering the period has every
    cell of every table, as the SALT return does, and a zero is a zero, not a
    missing row. (Councils with files but none covering the period show only
    the cells the whole-history tables give them.) The
    template depends on no council's data, so one council's file cannot change
    another's rows; cells outside the template (an unforeseen value) still show
    for the councils that have them. Filled by union and group by, so NULL cells
    match. -#}
{% macro council_cells_filled(relation, template, dimensions, counts, values=[]) %}
    {%- set positions = range(1, dimensions | length + 2) | join(', ') %}
covered_councils as (
    select la_code
    from {{ ref('int_submissions_selected') }}
    where is_latest_covering
    group by 1
),

observed_and_empty_cells as (
    select
        la_code,
        {{ (dimensions + counts + values) | join(',\n        ') }}
    from {{ relation }}

    union all

    select
        covered_councils.la_code,
        {%- for dimension in dimensions %}
        {{ template }}.{{ dimension }},
        {%- endfor %}
        {%- for count in counts %}
        cast(0 as bigint) as {{ count }}{% if not loop.last or values %},{% endif %}
        {%- endfor %}
        {%- for value in values %}
        null as {{ value }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from covered_councils
    cross join {{ template }}
),

cells_filled as (
    select
        la_code,
        {%- for dimension in dimensions %}
        {{ dimension }},
        {%- endfor %}
        {%- for count in counts %}
        sum({{ count }}) as {{ count }}{% if not loop.last or values %},{% endif %}
        {%- endfor %}
        {%- for value in values %}
        max({{ value }}) as {{ value }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from observed_and_empty_cells
    group by {{ positions }}
)
{%- endmacro %}
