{#- The CLD file layout in one place: the 50 canonical columns (layer C of
    shared/reference/cld_spec.md §2, lower-cased) and how staging treats each group. -#}

{% macro cld_columns() %}
    {{ return([
        'la_code', 'reporting_period_start_date', 'reporting_period_end_date',
        'nhs_number', 'la_person_unique_identifier', 'first_name', 'last_name',
        'gp_practice_name', 'gp_practice_code', 'gender', 'ethnicity', 'date_of_birth',
        'date_of_death', 'client_type', 'primary_support_reason', 'postcode',
        'accommodation_status', 'employment_status', 'has_unpaid_carer',
        'autism_spectrum_disorder_asd', 'visual_impairment', 'hearing_impairment',
        'dementia', 'client_funding_status', 'event_type', 'event_reference',
        'event_start_date', 'event_end_date', 'event_description', 'event_outcome',
        'request_route_of_access', 'assessment_type', 'eligible_needs_identified',
        'method_of_assessment', 'total_hrs_caring_per_week',
        'no_of_adults_being_cared_for', 'adult_1_linked_person_id',
        'adult_2_linked_person_id', 'adult_3_linked_person_id', 'service_type',
        'service_component', 'delivery_mechanism', 'provider_cqc_location_name',
        'provider_cqc_location_id', 'review_reason', 'review_outcomes_achieved',
        'method_of_review', 'unit_cost', 'cost_frequency_unit_type',
        'planned_units_per_week'
    ]) }}
{% endmacro %}

{#- Fields whose values come from a defined list (seed cld_defined_lists). -#}
{% macro cld_coded_fields() %}
    {{ return([
        'gender', 'ethnicity', 'client_type', 'primary_support_reason',
        'accommodation_status', 'employment_status', 'has_unpaid_carer',
        'autism_spectrum_disorder_asd', 'visual_impairment', 'hearing_impairment',
        'dementia', 'client_funding_status', 'event_type', 'event_outcome',
        'request_route_of_access', 'assessment_type', 'eligible_needs_identified',
        'method_of_assessment', 'service_type', 'service_component',
        'delivery_mechanism', 'review_reason', 'review_outcomes_achieved',
        'method_of_review', 'cost_frequency_unit_type'
    ]) }}
{% endmacro %}

{% macro cld_date_fields() %}
    {{ return([
        'reporting_period_start_date', 'reporting_period_end_date', 'date_of_birth',
        'date_of_death', 'event_start_date', 'event_end_date'
    ]) }}
{% endmacro %}

{#- Numeric fields and the type each is cast to. -#}
{% macro cld_numeric_fields() %}
    {{ return({
        'unit_cost': 'decimal(18, 2)',
        'planned_units_per_week': 'decimal(18, 2)',
        'total_hrs_caring_per_week': 'decimal(18, 2)',
        'no_of_adults_being_cared_for': 'int'
    }) }}
{% endmacro %}

{#- Fields that belong to one event type only (cld_spec.md rule CLD-050); every
    other event type must leave them blank. -#}
{% macro cld_event_type_fields() %}
    {{ return({
        'request': ['request_route_of_access'],
        'assessment': [
            'assessment_type', 'eligible_needs_identified', 'method_of_assessment'
        ],
        'service': [
            'service_type', 'service_component', 'delivery_mechanism',
            'provider_cqc_location_name', 'provider_cqc_location_id', 'unit_cost',
            'cost_frequency_unit_type', 'planned_units_per_week'
        ],
        'review': ['review_reason', 'review_outcomes_achieved', 'method_of_review']
    }) }}
{% endmacro %}

{#- Fields every row must carry, whatever its event and client type (CLD-010 to
    CLD-022); conditional rules belong to the validation suite. -#}
{% macro cld_always_mandatory_fields() %}
    {{ return([
        'la_code', 'reporting_period_start_date', 'reporting_period_end_date',
        'la_person_unique_identifier', 'gender', 'ethnicity', 'date_of_birth',
        'client_type', 'has_unpaid_carer', 'accommodation_status'
    ]) }}
{% endmacro %}

{#- Columns a file must have to be read as a CLD submission: those the
    specification marks mandatory (cld_spec.md §3, M). A file without one of them
    is quarantined; a missing voluntary column is only reported. -#}
{% macro cld_required_columns() %}
    {{ return([
        'la_code', 'reporting_period_start_date', 'reporting_period_end_date',
        'nhs_number', 'la_person_unique_identifier', 'first_name', 'last_name',
        'gender', 'ethnicity', 'date_of_birth', 'date_of_death', 'client_type',
        'primary_support_reason', 'postcode', 'accommodation_status',
        'employment_status', 'has_unpaid_carer', 'client_funding_status',
        'event_type', 'event_start_date', 'event_end_date', 'event_outcome',
        'request_route_of_access', 'assessment_type', 'method_of_assessment',
        'service_type', 'service_component', 'review_reason',
        'review_outcomes_achieved', 'method_of_review'
    ]) }}
{% endmacro %}
