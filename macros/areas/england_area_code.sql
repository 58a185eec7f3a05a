{#- England's ONS (GSS) code, the area_code of every England row. -#}
{% macro england_area_code() %}'E92000001'{% endmacro %}
