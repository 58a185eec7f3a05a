{#- The validation rules of one family, each implemented here once: a list of
    {rule_id, field_name, fails, applies} where `fails` is true on a staged row that
    breaks the rule and `applies` (default every row) says which rows the rule
    checks. Ids and wording come from seed cld_validation_rules; the generic test
    cld_rules runs a family over stg_cld__submission_rows. -#}
{% macro cld_rule_family(family) %}
    {% set rules = [] %}
    {% set not_carer_by_association =
        "coalesce(client_type_code, '') <> 'carer_known_by_association'" %}
    {% if family == 'defined_lists' %}
        {% for field_name in cld_coded_fields() %}
            {% do rules.append({'rule_id': 'CLD-030.' ~ field_name,
                'field_name': field_name,
                'fails': field_name ~ "_match = 'unrecognised'"}) %}
            {% do rules.append({'rule_id': 'CLD-031.' ~ field_name,
                'field_name': field_name,
                'fails': field_name ~ "_match = 'variant'"}) %}
        {% endfor %}
    {% elif family == 'formats' %}
        {% for field_name in cld_date_fields() %}
            {% do rules.append({'rule_id': 'CLD-006.' ~ field_name,
                'field_name': field_name,
                'fails': field_name ~ "_raw is not null and " ~ field_name ~ " is null"}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-012', 'field_name': 'nhs_number',
            'fails': 'not is_nhs_number_valid'}) %}
        {% do rules.append({'rule_id': 'CLD-020', 'field_name': 'postcode',
            'fails': 'postcode is null or not is_postcode_valid'}) %}
        {% do rules.append({'rule_id': 'CLD-021', 'field_name': 'gp_practice_code',
            'fails': 'not ' ~ matches_pattern('gp_practice_code', '[A-Z][0-9]{5}'),
            'applies': 'gp_practice_code is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-078', 'field_name': 'unit_cost',
            'fails': 'unit_cost is null or unit_cost < 0',
            'applies': 'unit_cost_raw is not null'}) %}
    {% elif family == 'mandatory' %}
        {% for field_name in ['gender', 'ethnicity', 'client_type', 'has_unpaid_carer',
            'accommodation_status'] %}
            {% do rules.append({'rule_id': 'CLD-022.' ~ field_name,
                'field_name': field_name, 'fails': field_name ~ '_raw is null'}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-010', 'field_name': '*',
            'fails': 'nhs_number is null and la_person_unique_identifier is null'}) %}
        {% do rules.append({'rule_id': 'CLD-013',
            'field_name': 'la_person_unique_identifier',
            'fails': 'la_person_unique_identifier is null'}) %}
        {% do rules.append({'rule_id': 'CLD-015', 'field_name': 'date_of_birth',
            'fails': 'date_of_birth_raw is null'
                ~ ' or date_of_birth > reporting_period_end_date'
                ~ ' or date_of_birth > event_start_date'}) %}
        {% do rules.append({'rule_id': 'CLD-041', 'field_name': 'event_start_date',
            'fails': 'event_start_date_raw is null',
            'applies': not_carer_by_association}) %}
    {% elif family == 'conditional_mandatory' %}
        {% set financial = "coalesce(assessment_type_code, '') = 'financial_assessment'" %}
        {% set conditions = [
            ('CLD-023', 'primary_support_reason',
                "event_type_code in ('assessment', 'service', 'review')"),
            ('CLD-024', 'employment_status',
                "client_type_code = 'service_user' and age_at_period_end between 18"
                ~ " and 64 and primary_support_reason_code = 'learning_disability'"),
            ('CLD-025', 'client_funding_status',
                "client_type_code = 'service_user' and (event_type_code in"
                ~ " ('service', 'review') or " ~ financial ~ ")"),
            ('CLD-043', 'event_end_date',
                "event_type_code in ('request', 'assessment', 'review')"),
            ('CLD-047', 'event_outcome',
                "event_type_code is not null and not (" ~ financial ~ ")"),
            ('CLD-060', 'request_route_of_access', "event_type_code = 'request'"),
            ('CLD-061', 'assessment_type', "event_type_code = 'assessment'"),
            ('CLD-062', 'method_of_assessment',
                "event_type_code = 'assessment' and not (" ~ financial ~ ")"),
            ('CLD-064.review_reason', 'review_reason', "event_type_code = 'review'"),
            ('CLD-064.method_of_review', 'method_of_review',
                "event_type_code = 'review'"),
            ('CLD-065', 'review_outcomes_achieved',
                "event_type_code = 'review' and review_reason_code = 'planned'"),
            ('CLD-070.service_type', 'service_type', "event_type_code = 'service'"),
            ('CLD-070.service_component', 'service_component',
                "event_type_code = 'service'")
        ] %}
        {% for rule_id, field_name, applies in conditions %}
            {% do rules.append({'rule_id': rule_id, 'field_name': field_name,
                'fails': field_name ~ '_raw is null', 'applies': applies}) %}
        {% endfor %}
    {% elif family == 'dates' %}
        {% do rules.append({'rule_id': 'CLD-042', 'field_name': 'event_end_date',
            'fails': 'is_end_before_start'}) %}
        {% for field_name in ['event_start_date', 'event_end_date'] %}
            {% do rules.append({'rule_id': 'CLD-044.' ~ field_name,
                'field_name': field_name,
                'fails': field_name ~ ' > reporting_period_end_date'}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-016', 'field_name': 'date_of_birth',
            'fails': 'is_under_18_at_event_start',
            'applies': "client_type_code = 'service_user'"}) %}
        {% do rules.append({'rule_id': 'CLD-017', 'field_name': 'date_of_birth',
            'fails': 'age_at_period_end > 110'}) %}
    {% elif family == 'event_types' %}
        {% for event_type, fields in cld_event_type_fields().items() %}
            {% for field_name in fields %}
                {% do rules.append({'rule_id': 'CLD-050.' ~ field_name,
                    'field_name': field_name,
                    'fails': "coalesce(event_type_code, '') <> '" ~ event_type ~ "'",
                    'applies': field_name ~ '_raw is not null'
                        if field_name in cld_numeric_fields() or field_name in cld_coded_fields()
                        else field_name ~ ' is not null'}) %}
            {% endfor %}
        {% endfor %}
    {% elif family == 'duplicates' %}
        {% do rules.append({'rule_id': 'CLD-008', 'field_name': '*',
            'fails': 'duplicate_of_line_number is not null'}) %}
    {% else %}
        {{ exceptions.raise_compiler_error("cld_rule_family: unknown family " ~ family) }}
    {% endif %}
    {{ return(rules) }}
{% endmacro %}

{#- The text a failure shows for a field: the submitted value, except that
    identifiers are never shown (as on the national DQ report). -#}
{% macro cld_offending_value(field_name) %}
    {% set identifiers = ['nhs_number', 'la_person_unique_identifier', 'first_name',
        'last_name', 'date_of_birth', 'postcode'] %}
    {% set has_raw_text = cld_coded_fields() + cld_date_fields()
        + cld_numeric_fields().keys() | list %}
    {% if field_name == '*' %}
        {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
    {% elif field_name in identifiers %}
        {{ return("'withheld: identifier'") }}
    {% elif field_name in has_raw_text %}
        {{ return(field_name ~ '_raw') }}
    {% else %}
        {{ return('cast(' ~ field_name ~ ' as ' ~ dbt.type_string() ~ ')') }}
    {% endif %}
{% endmacro %}
