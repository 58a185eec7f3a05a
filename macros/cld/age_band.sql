{#- DHSC's age bands (shared/reference/dhsc_pipeline.md §3, Der_Age_Band). -#}
{% macro age_band(age) -%}
    case
        when {{ age }} is null then 'Unknown'
        when {{ age }} < 18 then 'Under 18'
        when {{ age }} <= 24 then '18 to 24'
        when {{ age }} <= 44 then '25 to 44'
        when {{ age }} <= 64 then '45 to 64'
        when {{ age }} <= 74 then '65 to 74'
        when {{ age }} <= 84 then '75 to 84'
        when {{ age }} <= 94 then '85 to 94'
        else '95 and above'
    end
{%- endmacro %}
