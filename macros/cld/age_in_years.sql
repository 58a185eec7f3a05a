{#- Age in whole years at reference_date, by var age_method (macro method_choice):
    'exact' - calendar age from the date of birth (a 29 February birthday turns
    over on 1 March in other years);
    'proxy' - NHS England's method: floor(days from the 1st of the birth month to
    reference_date / 365.25), shared/reference/salt_ascof_rules.md §2.4. -#}
{% macro age_in_years(date_of_birth, reference_date) -%}
    {%- if method_choice('age_method') == 'proxy' -%}
        cast(floor(
            {{ dbt.datediff(
                "make_date(extract(year from " ~ date_of_birth ~ "), "
                ~ "extract(month from " ~ date_of_birth ~ "), 1)",
                reference_date, "day") }} / 365.25
        ) as int)
    {%- elif method_choice('age_method') == 'exact' -%}
        cast(
            extract(year from {{ reference_date }}) - extract(year from {{ date_of_birth }})
            - case
                when extract(month from {{ reference_date }}) * 100
                    + extract(day from {{ reference_date }})
                    < extract(month from {{ date_of_birth }}) * 100
                    + extract(day from {{ date_of_birth }})
                    then 1
                else 0
            end
            as int
        )
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var age_method must be 'exact' or 'proxy', not " ~ method_choice('age_method')) }}
    {%- endif -%}
{%- endmacro %}
