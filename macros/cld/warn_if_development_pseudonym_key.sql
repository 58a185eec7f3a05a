{#- on-run-start: a loud warning when pseudonyms use the public development key. -#}
{% macro warn_if_development_pseudonym_key() %}
    {% if execute and pseudonym_key() == development_pseudonym_key() %}
        {% do exceptions.warn(
            "CLD_PSEUDONYM_KEY is not set: person keys use the PUBLIC development key "
            ~ "and are NOT safe pseudonyms. Set CLD_PSEUDONYM_KEY (hex, up to 64 bytes)"
            ~ " before building on real submissions.") %}
    {% endif %}
    {{ return('') }}
{% endmacro %}
