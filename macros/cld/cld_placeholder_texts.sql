{#- The placeholder texts read as blanks, as a SQL list of upper-case literals. -#}
{% macro cld_placeholder_texts() -%}
    'NULL', 'N/A', '-'
{%- endmacro %}
