{#- A filter on the client rows of STS001 and LTS001 (and so STS002a and 3D
    clients) by var rows_without_birth_date (macro method_choice): 'kept' (the
    principles: a row without a birth year and month stays, and its person's
    age comes from their other rows or is Unknown) or 'dropped' (NHS England's
    code: such rows are dropped before de-duplication and ranking,
    salt_ascof_rules.md §2.4). `column`: the row's proxy date of birth. -#}
{% macro is_birth_date_acceptable(column) -%}
    {%- set choice = method_choice('rows_without_birth_date') -%}
    {%- if choice == 'kept' -%}
        1 = 1
    {%- elif choice == 'dropped' -%}
        {{ column }} is not null
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var rows_without_birth_date must be 'kept' or 'dropped', not " ~ choice) }}
    {%- endif -%}
{%- endmacro %}
