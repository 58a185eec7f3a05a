{#- The age bands of SALT LTS001a/b/c, by var lts001_age_bands (macro
    method_choice): 'all' (the principles: every working-age band, Under 18 and
    Unknown included, so no one in long-term support is left out) or 'adults'
    (NHS England's code: Tables 1a and 1b only, 18 to 64 and 65 and above;
    under-18s and unknown ages appear in neither, salt_ascof_rules.md §2.4). -#}
{% macro lts001_age_bands() -%}
    {%- set choice = method_choice('lts001_age_bands') -%}
    {%- if choice == 'all' -%}
        {{ return(working_age_bands()) }}
    {%- elif choice == 'adults' -%}
        {{ return(['18 to 64', '65 and above']) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        "var lts001_age_bands must be 'all' or 'adults', not " ~ choice) }}
{%- endmacro %}

{#- A filter keeping the rows whose age at the period end is in a band of
    lts001_age_bands(). -#}
{% macro is_in_lts001_age_bands(age) -%}
    {{ working_age_band(age) }} in ('{{ lts001_age_bands() | join("', '") }}')
{%- endmacro %}
