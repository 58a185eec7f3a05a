{#- A one-column relation holding 1..n, written as a VALUES list so it is the
    same on every engine. -#}
{% macro integer_sequence(n, column_name) -%}
    select {{ column_name }}
    from (
        values {% for value in range(1, n + 1) %}({{ value }}){{ ", " if not loop.last }}{% endfor %}
    ) as integer_sequence ({{ column_name }})
{%- endmacro %}
