{#- Per-field conditions behind the row-flag lists of stg_cld__submission_rows,
    each returned as {field name: SQL condition} for field_list(). They read the
    CTE columns of that model (raw text <field>, parsed <field>_parsed, defined-list
    match <field>_match, event_type_code, client_type_code). -#}

{% macro _coded_match_conditions(fields, match_type) %}
    {% set conditions = {} %}
    {% for field_name in fields %}
        {% do conditions.update({
            field_name: field_name ~ "_match = '" ~ match_type ~ "'"}) %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}

{#- Spelt as in Release 1 or v4 only, where the field's R1 and R2 lists are both
    known (base_cld__coded_value_matches.release_signal). -#}
{% macro _old_release_conditions(fields) %}
    {% set conditions = {} %}
    {% for field_name in fields %}
        {% do conditions.update({
            field_name: field_name ~ "_release_signal in ('R1', 'v4')"}) %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}

{#- Submitted but not readable as the field's type. -#}
{% macro _parse_failure_conditions(fields) %}
    {% set conditions = {} %}
    {% for field_name in fields %}
        {% do conditions.update({
            field_name: field_name ~ " is not null and "
                ~ field_name ~ "_parsed is null"}) %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}

{% macro _negative_number_conditions(fields) %}
    {% set conditions = {} %}
    {% for field_name in fields %}
        {% do conditions.update({field_name: field_name ~ "_parsed < 0"}) %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}

{#- Blank where every row needs a value; the event fields only outside 'carer
    known by association' rows, which carry no event (cld_spec.md §4). -#}
{% macro _missing_mandatory_conditions() %}
    {% set conditions = {} %}
    {% for field_name in cld_always_mandatory_fields() %}
        {% do conditions.update({field_name: field_name ~ " is null"}) %}
    {% endfor %}
    {% for field_name in ['event_type', 'event_start_date'] %}
        {% do conditions.update({field_name: field_name ~ " is null and "
            ~ "coalesce(client_type_code, '') <> 'carer_known_by_association'"}) %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}

{#- Filled although the field belongs to another event type (CLD-050); on a row
    with no recognised event type ('carer known by association' rows, blanks,
    unknown values) every event-specific field counts as misplaced. -#}
{% macro _other_event_type_conditions(event_type_fields) %}
    {% set conditions = {} %}
    {% for event_type, fields in event_type_fields.items() %}
        {% for field_name in fields %}
            {% do conditions.update({field_name: field_name ~ " is not null and "
                ~ "coalesce(event_type_code, '') <> '" ~ event_type ~ "'"}) %}
        {% endfor %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}

{#- Dates after the end of the row's own reporting period (CLD-044). -#}
{% macro _future_date_conditions() %}
    {% set conditions = {} %}
    {% for field_name in [
        'event_start_date', 'event_end_date', 'date_of_birth', 'date_of_death'
    ] %}
        {% do conditions.update({field_name: field_name
            ~ "_parsed > reporting_period_end_date_parsed"}) %}
    {% endfor %}
    {{ return(conditions) }}
{% endmacro %}
