{#- A submitted text value as staging keeps it, from the trimmed text: empty
    strings and the placeholders councils send for "no value" (the literal text
    NULL, N/A or a lone dash; shared/reference/cld_spec.md §5.24, rule CLD-033)
    read as missing. -#}
{% macro clean_text(trimmed_text) -%}
    case
        when {{ trimmed_text }} = '' or {{ is_placeholder_text(trimmed_text) }} then null
        else {{ trimmed_text }}
    end
{%- endmacro %}

{#- Whether trimmed text is a placeholder. Placeholders are short: the length test
    spares upper() on the 5 million rows' longer values (65 columns each). -#}
{% macro is_placeholder_text(trimmed_text) -%}
    (
        length({{ trimmed_text }}) <= 4
        and upper({{ trimmed_text }}) in ({{ cld_placeholder_texts() }})
    )
{%- endmacro %}
