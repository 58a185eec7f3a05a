{#- For each field the national data-quality page reports (shared/reference/
    dhsc_pipeline.md §4.2), its module and, as SQL over stg_cld__submission_rows,
    when it applies, when it is mandatory and when a filled value is invalid.
    The conditional-mandatory rules (CLD-022 to CLD-025, CLD-043, CLD-047,
    CLD-060 to CLD-065, CLD-070, CLD-073, CLD-077) take their conditions from
    here, and dq_field_completeness counts with the same ones. Each mandatory
    condition is the `condition` of its rule in seed cld_validation_rules. Rows
    of carers known by association carry no event: no event field applies to
    them, and one is mandatory on them only where its rule's condition does not
    exclude them (CLD-063, CLD-073, CLD-077). Returned as a list of
    {field_name, module, applicable, mandatory, invalid}; 'false' = never. -#}
{% macro cld_field_requirements() %}
    {% set not_by_association =
        "coalesce(client_type_code, '') <> 'carer_known_by_association'" %}
    {% set service_user = "client_type_code = 'service_user'" %}
    {% set financial = "coalesce(assessment_type_code, '') = 'financial_assessment'" %}
    {% set long_term = "service_type_code in ('lt_nursing_care',"
        ~ " 'lt_residential_care', 'lt_community', 'lt_prison')" %}
    {% set carer_support = "service_type_code in ('carer_support_direct_to_carer',"
        ~ " 'carer_support_involving_cared_for')" %}
    {% set needs_costs = "event_type_code = 'service' and"
        ~ " coalesce(delivery_mechanism_code, '') not in ('cassr_commissioned_support',"
        ~ " 'community_cassr_commissioned_support',"
        ~ " 'prison_cassr_commissioned_support') and (" ~ long_term
        ~ " or service_component_code in ('short_term_residential_care',"
        ~ " 'short_term_nursing_care', 'carer_respite') or " ~ carer_support ~ ")" %}
    {% set per_unit =
        "cost_frequency_unit_type_code in ('per_session', 'hourly', 'daily')" %}
    {#- an event of one type on a row that can carry events: event_of ~ "request'" -#}
    {% set event_of = not_by_association ~ " and event_type_code = '" %}
    {% set carer_rows = "client_type_code in ('carer', 'carer_known_by_association')" %}
    {% set invalid_code = "_match in ('unrecognised', 'variant')" %}

    {% set fields = [
        ('Submission information', 'la_code', 'true', 'true', 'not is_la_code_known'),
        ('Submission information', 'reporting_period_start_date', 'true', 'true', none),
        ('Submission information', 'reporting_period_end_date', 'true', 'true', none),
        ('Person details', 'nhs_number', 'true', 'true', 'not is_nhs_number_valid'),
        ('Person details', 'la_person_unique_identifier', 'true', 'true', 'false'),
        ('Person details', 'gp_practice_code', 'true', 'false',
            'not ' ~ matches_pattern('gp_practice_code', '[A-Z][0-9]{5}')),
        ('Person details', 'gender', 'true', 'true', none),
        ('Person details', 'ethnicity', 'true', 'true', none),
        ('Person details', 'date_of_birth', 'true', 'true', none),
        ('Person details', 'date_of_death', 'true', 'false', none),
        ('Person details', 'client_type', 'true', 'true', none),
        ('Person details', 'primary_support_reason', 'true',
            "event_type_code in ('assessment', 'service', 'review')", none),
        ('Person details', 'postcode', 'true', 'true', 'not is_postcode_valid'),
        ('Person details', 'accommodation_status', 'true', 'true', none),
        ('Person details', 'employment_status', 'true',
            service_user ~ " and age_at_period_end between 18 and 64"
            ~ " and primary_support_reason_code = 'learning_disability'", none),
        ('Person details', 'has_unpaid_carer', 'true', 'true', none),
        ('Person details', 'autism_spectrum_disorder_asd', service_user, 'false', none),
        ('Person details', 'visual_impairment', service_user, 'false', none),
        ('Person details', 'hearing_impairment', service_user, 'false', none),
        ('Person details', 'dementia', service_user, 'false', none),
        ('Person details', 'client_funding_status', service_user,
            service_user ~ " and (event_type_code in ('service', 'review') or "
            ~ financial ~ ")", none),
        ('Events', 'event_type', not_by_association, not_by_association, none),
        ('Events', 'event_reference', not_by_association, 'false', 'false'),
        ('Events', 'event_start_date', not_by_association, not_by_association, none),
        ('Events', 'event_end_date', not_by_association,
            not_by_association ~ " and (event_type_code in ('request', 'assessment',"
            ~ " 'review') or date_of_death is not null)", none),
        ('Events', 'event_description', not_by_association, 'false', 'false'),
        ('Events', 'event_outcome', not_by_association,
            not_by_association ~ " and event_type_code is not null and not ("
            ~ financial ~ ")", none),
        ('Requests', 'request_route_of_access', event_of ~ "request'",
            event_of ~ "request'", none),
        ('Assessments', 'assessment_type', event_of ~ "assessment'",
            event_of ~ "assessment'", none),
        ('Assessments', 'eligible_needs_identified', event_of ~ "assessment'",
            "event_type_code = 'assessment' and assessment_type_code = 'long_term'",
            none),
        ('Assessments', 'method_of_assessment', event_of ~ "assessment'",
            event_of ~ "assessment' and not (" ~ financial ~ ")", none),
        ('Carers and linked service users', 'total_hrs_caring_per_week', carer_rows,
            'false', none),
        ('Carers and linked service users', 'no_of_adults_being_cared_for', carer_rows,
            'false', none),
        ('Carers and linked service users', 'adult_1_linked_person_id', carer_rows,
            'false', 'false'),
        ('Carers and linked service users', 'adult_2_linked_person_id', carer_rows,
            'false', 'false'),
        ('Carers and linked service users', 'adult_3_linked_person_id', carer_rows,
            'false', 'false'),
        ('Services', 'service_type', event_of ~ "service'", event_of ~ "service'", none),
        ('Services', 'service_component', event_of ~ "service'", event_of ~ "service'",
            none),
        ('Services', 'delivery_mechanism', event_of ~ "service'",
            "event_type_code = 'service' and service_type_code in ('lt_community',"
            ~ " 'lt_prison')", none),
        ('Services', 'provider_cqc_location_id', event_of ~ "service'", 'false',
            'not ' ~ matches_pattern('provider_cqc_location_id', '1-[0-9]+')),
        ('Reviews', 'review_reason', event_of ~ "review'", event_of ~ "review'", none),
        ('Reviews', 'review_outcomes_achieved', event_of ~ "review'",
            event_of ~ "review' and review_reason_code = 'planned'", none),
        ('Reviews', 'method_of_review', event_of ~ "review'", event_of ~ "review'",
            none),
        ('Costs', 'unit_cost', event_of ~ "service'", needs_costs, none),
        ('Costs', 'cost_frequency_unit_type', event_of ~ "service'", needs_costs, none),
        ('Costs', 'planned_units_per_week', event_of ~ "service'",
            needs_costs ~ ' and ' ~ per_unit, none)
    ] %}

    {% set requirements = [] %}
    {% for module, field_name, applicable, mandatory, invalid in fields %}
        {% if invalid is not none %}
            {% set invalid_when = invalid %}
        {% elif field_name in cld_coded_fields() %}
            {% set invalid_when = field_name ~ invalid_code %}
        {% else %}
            {#- dates and numbers: submitted but unreadable, or negative -#}
            {% set invalid_when = field_name ~ ' is null'
                ~ (' or ' ~ field_name ~ ' < 0'
                    if field_name in cld_numeric_fields() else '') %}
        {% endif %}
        {% do requirements.append({'module': module, 'field_name': field_name,
            'applicable': applicable, 'mandatory': mandatory,
            'invalid': invalid_when, 'blank': cld_submitted_text(field_name)
                ~ ' is null'}) %}
    {% endfor %}
    {{ return(requirements) }}
{% endmacro %}

{#- The column of stg_cld__submission_rows holding a field's submitted text:
    <field>_raw for coded, date and numeric fields, else the field itself. -#}
{% macro cld_submitted_text(field_name) %}
    {% if field_name in cld_coded_fields() + cld_date_fields()
        + cld_numeric_fields().keys() | list %}
        {{ return(field_name ~ '_raw') }}
    {% else %}
        {{ return(field_name) }}
    {% endif %}
{% endmacro %}

{#- The mandatory condition of one field, from cld_field_requirements(). -#}
{% macro cld_mandatory_when(field_name) %}
    {% for requirement in cld_field_requirements()
        if requirement.field_name == field_name %}
        {{ return(requirement.mandatory) }}
    {% endfor %}
    {{ exceptions.raise_compiler_error("cld_mandatory_when: unknown field " ~ field_name) }}
{% endmacro %}
