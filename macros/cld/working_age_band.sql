{#- DHSC's working-age bands (Der_Working_Age_Band), the 18-64 / 65+ split SALT
    and ASCOF tables use. -#}
{% macro working_age_band(age) -%}
    case
        when {{ age }} is null then 'Unknown'
        when {{ age }} < 18 then 'Under 18'
        when {{ age }} <= 64 then '18 to 64'
        else '65 and above'
    end
{%- endmacro %}

{#- The values of working_age_band, for cell templates. -#}
{% macro working_age_bands() -%}
    {{ return(['Under 18', '18 to 64', '65 and above', 'Unknown']) }}
{%- endmacro %}
