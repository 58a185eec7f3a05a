{#- Removes the surrounding quotes of a CSV field and un-doubles inner quotes. -#}
{% macro unquote_csv_field(field) -%}
    case
        when length({{ field }}) >= 2 and {{ field }} like '"%"'
            then replace(substr({{ field }}, 2, length({{ field }}) - 2), '""', '"')
        else {{ field }}
    end
{%- endmacro %}
