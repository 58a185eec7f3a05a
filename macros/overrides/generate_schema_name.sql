{#- Folder schemas are used as they are (staging, intermediate, marts), not prefixed
    with the target schema: the warehouse has one set of schemas per database file. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
