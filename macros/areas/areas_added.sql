{#- CTEs ending in `areas_added`: the council rows of `relation` (la_code, the
    `dimensions` and the additive `measures`) with, for each region and for
    England, the sum of its councils' rows (councils from seed cld_councils;
    ONS codes for region and England, E92000001). Sums are exact only for
    measures counted per council (events, and people as DHSC counts them: a
    person per council). councils_included: 1 on a council's row, the number of
    councils summed on the others. -#}
{% macro areas_added(relation, dimensions, measures) %}
councils as (
    select
        la_code,
        la_name,
        region,
        ons_region_code as region_code
    from {{ ref('cld_councils') }}
),

council_rows as (
    select
        'council' as area_type,
        {{ relation }}.la_code as area_code,
        councils.la_name as area_name,
        {{ relation }}.la_code,
        councils.region as region_name,
        councils.region_code,
        {%- for dimension in dimensions %}
        {{ relation }}.{{ dimension }},
        {%- endfor %}
        {%- for measure in measures %}
        {{ relation }}.{{ measure }},
        {%- endfor %}
        cast(1 as int) as councils_included
    from {{ relation }}
    left join councils
        on {{ relation }}.la_code = councils.la_code
),

region_sums as (
    select
        region_code,
        region_name,
        {{ dimensions | join(',\n        ') }},
        {%- for measure in measures %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        cast(count(*) as int) as councils_included
    from council_rows
    where region_code is not null
    group by {{ range(1, dimensions | length + 3) | join(', ') }}
),

england_sums as (
    select
        {{ dimensions | join(',\n        ') }},
        {%- for measure in measures %}
        sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        cast(count(*) as int) as councils_included
    from council_rows
    group by {{ range(1, dimensions | length + 1) | join(', ') }}
),

areas_added as (
    select
        area_type,
        area_code,
        area_name,
        la_code,
        region_name,
        {{ (dimensions + measures) | join(',\n        ') }},
        councils_included
    from council_rows

    union all

    select
        'region' as area_type,
        region_code as area_code,
        region_name as area_name,
        cast(null as {{ dbt.type_string() }}) as la_code,
        region_name,
        {{ (dimensions + measures) | join(',\n        ') }},
        councils_included
    from region_sums

    union all

    select
        'england' as area_type,
        {{ england_area_code() }} as area_code,
        'England' as area_name,
        cast(null as {{ dbt.type_string() }}) as la_code,
        cast(null as {{ dbt.type_string() }}) as region_name,
        {{ (dimensions + measures) | join(',\n        ') }},
        councils_included
    from england_sums
)
{% endmacro %}
