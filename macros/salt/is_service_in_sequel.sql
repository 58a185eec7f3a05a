{#- Whether a later event can be a service in a sequel chain (its rank, and
    for ST-Max the chain's end), by var sequel_rules (macro method_choice):
    under the principles a Service event; under 'code' any event carrying the
    service type, as NHS England's scripts rank sequels and break ST-Max chains
    on Service_Type alone, so an assessment or review row with a service type
    filled in counts as that service. `event_type_column`: the event type. -#}
{% macro is_service_in_sequel(event_type_column) -%}
    {%- if method_choice('sequel_rules') == 'code' -%}
        1 = 1
    {%- else -%}
        {{ event_type_column }} = 'service'
    {%- endif -%}
{%- endmacro %}
