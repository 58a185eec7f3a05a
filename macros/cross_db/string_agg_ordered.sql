{#- Aggregate: the group's `text` values joined by `delimiter` (a SQL string
    expression) in the order of `order_by`. dbt.listagg cannot order on Spark. -#}
{% macro string_agg_ordered(text, order_by, delimiter) %}
    {{ return(adapter.dispatch('string_agg_ordered', 'cld_warehouse')(
        text, order_by, delimiter)) }}
{% endmacro %}

{% macro duckdb__string_agg_ordered(text, order_by, delimiter) -%}
    string_agg({{ text }}, {{ delimiter }} order by {{ order_by }})
{%- endmacro %}

{#- Sorting the collected (order, text) pairs orders by the first field. -#}
{% macro spark__string_agg_ordered(text, order_by, delimiter) -%}
    array_join(
        transform(
            array_sort(collect_list(named_struct('sort_key', {{ order_by }}, 'text', {{ text }}))),
            item -> item.text
        ),
        {{ delimiter }}
    )
{%- endmacro %}

{% macro default__string_agg_ordered(text, order_by, delimiter) -%}
    {{ exceptions.raise_compiler_error(
        "string_agg_ordered: no implementation for " ~ target.type) }}
{%- endmacro %}
