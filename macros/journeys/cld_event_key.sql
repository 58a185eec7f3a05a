{#- The unique-event key of a row, as SQL text: council, person, client type,
    event type, start date and the type's own fields (route of access, assessment
    type, service type + component + delivery mechanism, review reason), NULLs as
    ''. The end date is left out so an open copy and a later closed copy of an
    event share the key (shared/reference/salt_ascof_rules.md §2.6).
    `person_column`: the column holding the person. -#}
{% macro cld_event_key(person_column='person_id') -%}
    {%- set key_parts = ['la_code', person_column, 'client_type_code', 'event_type_code',
        'event_start_date', 'request_route_of_access_code', 'assessment_type_code',
        'service_type_code', 'service_component_code', 'delivery_mechanism_code',
        'review_reason_code'] -%}
    concat(
        {%- for part in key_parts %}
        coalesce(cast({{ part }} as {{ dbt.type_string() }}), '')
        {%- if not loop.last %}, '|',{% endif %}
        {%- endfor %}
    )
{%- endmacro %}

{#- The order that picks one version of an event inside one file: an open copy
    before a closed one, then the latest end, then the last line (DHSC,
    shared/reference/dhsc_pipeline.md §2.3 step 3). -#}
{% macro cld_event_copy_order() -%}
    case when event_end_date is null then 0 else 1 end,
    event_end_date desc,
    line_number desc
{%- endmacro %}
