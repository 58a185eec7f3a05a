{#- Keyed pseudonym of an identifier: HMAC-SHA256 with the project's secret, over
    a namespace prefix so the same digits used as an NHS number and as a council
    person id never share a pseudonym. NULL in, NULL out. -#}
{% macro pseudonymise(namespace_label, text) -%}
    case
        when {{ text }} is not null
            then {{ hmac_sha256("'" ~ namespace_label ~ ":' || " ~ text) }}
    end
{%- endmacro %}
