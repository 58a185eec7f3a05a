{#- NHS number check (cld_spec.md CLD-012): ten digits, not all the same, and the
    modulus-11 check digit: weights 10..2 on digits 1-9, check = 11 - (sum mod 11),
    11 reads as 0 and 10 means no valid number. NULL when the value is NULL. -#}
{% macro is_valid_nhs_number(nhs_number) -%}
    case
        when {{ nhs_number }} is null then null
        when not {{ matches_pattern(nhs_number, '[0-9]{10}') }} then false
        when {{ nhs_number }} = repeat(substr({{ nhs_number }}, 1, 1), 10) then false
        else (
            11 - (
                (
                    {%- for position in range(1, 10) %}
                    cast(substr({{ nhs_number }}, {{ position }}, 1) as int)
                    * {{ 11 - position }}{{ " +" if not loop.last }}
                    {%- endfor %}
                ) % 11
            )
        ) % 11 = cast(substr({{ nhs_number }}, 10, 1) as int)
    end
{%- endmacro %}
