{#- A submitted text value as staging keeps it: trimmed, with empty strings and the
    placeholders councils send for "no value" (the literal text NULL, N/A or a lone
    dash; shared/reference/cld_spec.md §5.24, rule CLD-033) read as missing. -#}
{% macro clean_text(text) -%}
    case
        when upper(trim({{ text }})) in ('', {{ cld_placeholder_texts() }}) then null
        else trim({{ text }})
    end
{%- endmacro %}
