{#- A submitted text value as staging keeps it: trimmed, with empty strings and the
    literal text NULL (sent by many council extracts, shared/reference/cld_spec.md
    §5.24) read as missing. -#}
{% macro clean_text(text) -%}
    case
        when upper(trim({{ text }})) in ('', 'NULL') then null
        else trim({{ text }})
    end
{%- endmacro %}
