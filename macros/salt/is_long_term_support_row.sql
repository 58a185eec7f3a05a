{#- A filter keeping the rows that are long-term support (nursing, residential,
    community or prison), by var long_term_support_rows (macro method_choice):
    'services' (the principles: Service events of those types) or
    'service_type' (NHS England's code: any event carrying one of those
    service types, so a request row with a stray service type counts as
    support). -#}
{% macro is_long_term_support_row() -%}
    {%- set choice = method_choice('long_term_support_rows') -%}
    {%- if choice == 'services' -%}
        event_type_code = 'service' and
    {%- elif choice != 'service_type' -%}
        {{ exceptions.raise_compiler_error(
            "var long_term_support_rows must be 'services' or 'service_type', not "
            ~ choice) }}
    {%- endif %}
    service_type_code in (
        'lt_nursing_care', 'lt_residential_care', 'lt_community', 'lt_prison'
    )
{%- endmacro %}
