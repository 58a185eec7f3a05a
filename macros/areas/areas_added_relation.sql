{#- A subquery (aliased council_and_area_rows) of `relation`'s council rows and
    their region and England sums (macro areas_added), for a `_published`
    model whose mart has council rows only: the sums are of the mart's exact
    counts, before any suppression. -#}
{% macro areas_added_relation(relation, dimensions, measures) %}
    (
        with council_rows_given as (
            select *
            from {{ relation }}
        ),

        {{ areas_added('council_rows_given', dimensions, measures) }}

        select *
        from areas_added
    ) as council_and_area_rows
{%- endmacro %}
