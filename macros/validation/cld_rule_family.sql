{#- The validation rules of one family, each implemented here once: a list of
    {rule_id, field_name, fails, applies, shows} where `fails` is true on a row
    that breaks the rule, `applies` (default every row) says which rows the rule
    checks and `shows` (default the field's submitted value) is the offending
    value reported. Ids and wording come from seed cld_validation_rules; the
    generic test cld_rules runs a family over stg_cld__submission_rows, except
    'submissions' (one row per file, int_submissions_profiled) and
    'carer_links' (int_carer_links_checked). -#}
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
            {% do rules.append({'rule_id': 'CLD-032.' ~ field_name,
                'field_name': field_name,
                'fails': cld_is_old_release_value(field_name),
                'applies': field_name ~ '_raw is not null'}) %}
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
        {% do rules.append({'rule_id': 'CLD-033', 'field_name': '*',
            'fails': 'placeholder_value_fields is not null',
            'shows': 'placeholder_value_fields'}) %}
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
        {#- blank or not a valid date (date_of_birth is the parsed date) -#}
        {% do rules.append({'rule_id': 'CLD-015', 'field_name': 'date_of_birth',
            'fails': 'date_of_birth is null'
                ~ ' or date_of_birth > reporting_period_end_date'
                ~ ' or date_of_birth > event_start_date'}) %}
        {% do rules.append({'rule_id': 'CLD-041', 'field_name': 'event_start_date',
            'fails': 'event_start_date_raw is null',
            'applies': not_carer_by_association}) %}
    {% elif family == 'conditional_mandatory' %}
        {#- mandatory only for some rows: the condition is cld_field_requirements' -#}
        {% for rule_id, field_name in [
            ('CLD-023', 'primary_support_reason'),
            ('CLD-024', 'employment_status'),
            ('CLD-025', 'client_funding_status'),
            ('CLD-043', 'event_end_date'),
            ('CLD-047', 'event_outcome'),
            ('CLD-060', 'request_route_of_access'),
            ('CLD-061', 'assessment_type'),
            ('CLD-062', 'method_of_assessment'),
            ('CLD-064.review_reason', 'review_reason'),
            ('CLD-064.method_of_review', 'method_of_review'),
            ('CLD-065', 'review_outcomes_achieved'),
            ('CLD-070.service_type', 'service_type'),
            ('CLD-070.service_component', 'service_component'),
            ('CLD-073', 'delivery_mechanism'),
            ('CLD-077.unit_cost', 'unit_cost'),
            ('CLD-077.cost_frequency_unit_type', 'cost_frequency_unit_type'),
            ('CLD-077.planned_units_per_week', 'planned_units_per_week')
        ] %}
            {% do rules.append({'rule_id': rule_id, 'field_name': field_name,
                'fails': field_name ~ '_raw is null',
                'applies': cld_mandatory_when(field_name)}) %}
        {% endfor %}
    {% elif family == 'person_details' %}
        {% set service_user = "client_type_code = 'service_user'" %}
        {% do rules.append({'rule_id': 'CLD-011', 'field_name': 'nhs_number',
            'fails': 'nhs_number is null'}) %}
        {% for field_name in ['first_name', 'last_name'] %}
            {% do rules.append({'rule_id': 'CLD-014.' ~ field_name,
                'field_name': field_name, 'fails': field_name ~ ' is null'}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-018', 'field_name': 'date_of_death',
            'fails': 'date_of_death < date_of_birth'
                ~ ' or date_of_death > reporting_period_end_date',
            'applies': 'date_of_death is not null'}) %}
        {% for field_name in ['event_start_date', 'event_end_date'] %}
            {% do rules.append({'rule_id': 'CLD-019.' ~ field_name,
                'field_name': field_name,
                'fails': field_name ~ ' > date_of_death',
                'applies': 'date_of_death is not null'}) %}
        {% endfor %}
        {#- fails on carer and carer-known-by-association rows; a blank or
            unrecognised client type is CLD-022's and CLD-030's to report -#}
        {% for field_name in ['autism_spectrum_disorder_asd', 'visual_impairment',
            'hearing_impairment', 'dementia', 'client_funding_status'] %}
            {% do rules.append({'rule_id': 'CLD-026.' ~ field_name,
                'field_name': field_name,
                'fails': 'not (' ~ service_user ~ ')',
                'applies': field_name ~ '_raw is not null'
                    ~ ' and client_type_code is not null'}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-029', 'field_name': 'client_funding_status',
            'fails': "client_funding_status_code in ('self_funder_metering_only',"
                ~ " 'joint_health_and_social_care_funded', 'fully_health_funded')"}) %}
    {% elif family == 'event_consistency' %}
        {% set by_association = "client_type_code = 'carer_known_by_association'" %}
        {% do rules.append({'rule_id': 'CLD-040', 'field_name': 'event_type',
            'fails': 'event_type_code is null',
            'applies': 'not coalesce(' ~ by_association ~ ', false)'}) %}
        {% do rules.append({'rule_id': 'CLD-049', 'field_name': 'event_outcome',
            'fails': 'not (' ~ event_outcome_allowed() ~ ')',
            'applies': 'event_type_code is not null and event_outcome_code is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-046', 'field_name': 'event_reference',
            'fails': 'count(*) over (partition by submission_id, event_reference) > 1',
            'applies': 'event_reference is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-048', 'field_name': 'event_outcome',
            'fails': "(event_end_date is null) <> coalesce(event_outcome_code in"
                ~ " ('provision_of_service', 'continuation_of_support_or_services'),"
                ~ " false)",
            'applies': "event_type_code = 'service' and event_end_date_raw is null"
                ~ " or event_outcome_code in ('provision_of_service',"
                ~ " 'continuation_of_support_or_services')"}) %}
        {% set event_fields = ['event_type', 'event_reference', 'event_start_date',
            'event_end_date', 'event_description', 'event_outcome']
            + cld_event_type_fields().values() | sum(start=[]) %}
        {% for field_name in event_fields %}
            {% do rules.append({'rule_id': 'CLD-051.' ~ field_name,
                'field_name': field_name,
                'fails': (field_name ~ '_raw'
                    if field_name in cld_coded_fields() + cld_date_fields()
                        + cld_numeric_fields().keys() | list
                    else field_name) ~ ' is not null',
                'applies': by_association}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-051.linked_person_id', 'field_name': '*',
            'fails': 'adult_1_linked_person_id is null'
                ~ ' and adult_2_linked_person_id is null'
                ~ ' and adult_3_linked_person_id is null',
            'applies': by_association}) %}
    {% elif family == 'services' %}
        {% set service = "event_type_code = 'service'" %}
        {% set carer_support = "service_type_code in ('carer_support_direct_to_carer',"
            ~ " 'carer_support_involving_cared_for')" %}
        {% set per_unit = "cost_frequency_unit_type_code in ('per_session', 'hourly',"
            ~ " 'daily')" %}
        {% do rules.append({'rule_id': 'CLD-072', 'field_name': 'service_type',
            'fails': '(' ~ carer_support ~ ") <> (client_type_code = 'carer')",
            'applies': service ~ ' and service_type_code is not null'
                ~ ' and client_type_code is not null'}) %}
        {% set prison_service = service ~ " and service_type_code = 'lt_prison'" %}
        {% do rules.append({'rule_id': 'CLD-074.delivery_mechanism',
            'field_name': 'delivery_mechanism',
            'fails': "delivery_mechanism_code in ('direct_payment',"
                ~ " 'community_direct_payment')",
            'applies': prison_service}) %}
        {% do rules.append({'rule_id': 'CLD-074.service_component',
            'field_name': 'service_component',
            'fails': "service_component_code = 'direct_payment'",
            'applies': prison_service}) %}
        {% do rules.append({'rule_id': 'CLD-075', 'field_name': 'delivery_mechanism',
            'fails': "delivery_mechanism_code = 'self_funder_metering_only'"}) %}
        {#- .provider_cqc_location_id: an id that is not 1- and digits, or a
            name without an id; .provider_cqc_location_name: an id without a name -#}
        {% do rules.append({'rule_id': 'CLD-076.provider_cqc_location_id',
            'field_name': 'provider_cqc_location_id',
            'fails': 'provider_cqc_location_id is null or not '
                ~ matches_pattern('provider_cqc_location_id', '1-[0-9]+'),
            'applies': service ~ ' and (provider_cqc_location_id is not null'
                ~ ' or provider_cqc_location_name is not null)'}) %}
        {% do rules.append({'rule_id': 'CLD-076.provider_cqc_location_name',
            'field_name': 'provider_cqc_location_name',
            'fails': 'provider_cqc_location_name is null',
            'applies': service ~ ' and provider_cqc_location_id is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-079.cost_frequency_unit_type',
            'field_name': 'cost_frequency_unit_type',
            'fails': 'cost_frequency_unit_type_raw is null',
            'applies': 'unit_cost_raw is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-079.unit_cost', 'field_name': 'unit_cost',
            'fails': 'unit_cost_raw is null',
            'applies': 'cost_frequency_unit_type_raw is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-080',
            'field_name': 'planned_units_per_week',
            'fails': '(planned_units_per_week_raw is not null)'
                ~ ' <> coalesce(' ~ per_unit ~ ', false)',
            'applies': service ~ ' and (planned_units_per_week_raw is not null'
                ~ ' or ' ~ per_unit ~ ')'}) %}
        {% do rules.append({'rule_id': 'CLD-081',
            'field_name': 'planned_units_per_week',
            'fails': 'planned_units_per_week <= 0'
                ~ " or (cost_frequency_unit_type_code = 'hourly'"
                ~ ' and planned_units_per_week > 168)'
                ~ " or (cost_frequency_unit_type_code = 'daily'"
                ~ ' and planned_units_per_week > 7)'
                ~ " or (cost_frequency_unit_type_code = 'per_session'"
                ~ ' and planned_units_per_week > 21)',
            'applies': 'planned_units_per_week is not null and ' ~ per_unit}) %}
        {% do rules.append({'rule_id': 'CLD-071', 'field_name': 'service_component',
            'fails': "(service_type_code = 'st_max'"
                ~ " and service_component_code <> 'reablement')"
                ~ " or (service_type_code = 'lt_nursing_care'"
                ~ " and service_component_code <> 'long_term_nursing_care')"
                ~ " or (service_type_code = 'lt_residential_care'"
                ~ " and service_component_code <> 'long_term_residential_care')"
                ~ " or (service_component_code in ('short_term_residential_care',"
                ~ " 'short_term_nursing_care')"
                ~ " and service_type_code <> 'st_other_short_term')"
                ~ " or (service_component_code in ('carer_respite',"
                ~ " 'carer_sitting_service', 'carer_universal_services',"
                ~ " 'other_carer_support') and not (" ~ carer_support ~ "))",
            'applies': service ~ ' and service_type_code is not null'
                ~ ' and service_component_code is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-082', 'field_name': 'unit_cost',
            'fails': weekly_cost() ~ ' > 10000',
            'applies': 'unit_cost is not null and cost_frequency_unit_type_code'
                ~ " is not null and cost_frequency_unit_type_code <> 'one_off'"}) %}
    {% elif family == 'carers' %}
        {% set carer_rows = "client_type_code in ('carer', 'carer_known_by_association')" %}
        {% for field_name in ['total_hrs_caring_per_week', 'no_of_adults_being_cared_for',
            'adult_1_linked_person_id', 'adult_2_linked_person_id',
            'adult_3_linked_person_id'] %}
            {#- fails on service user rows; see CLD-026 for a blank client type -#}
            {% do rules.append({'rule_id': 'CLD-090.' ~ field_name,
                'field_name': field_name,
                'fails': 'not (' ~ carer_rows ~ ')',
                'applies': (field_name ~ '_raw'
                    if field_name in cld_numeric_fields() else field_name)
                    ~ ' is not null and client_type_code is not null'}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-092.adult_2_linked_person_id',
            'field_name': 'adult_2_linked_person_id',
            'fails': 'adult_1_linked_person_id is null',
            'applies': 'adult_2_linked_person_id is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-092.adult_3_linked_person_id',
            'field_name': 'adult_3_linked_person_id',
            'fails': 'adult_2_linked_person_id is null',
            'applies': 'adult_3_linked_person_id is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-092.no_of_adults_being_cared_for',
            'field_name': 'no_of_adults_being_cared_for',
            'fails': 'no_of_adults_being_cared_for < '
                ~ count_linked_people(),
            'applies': 'no_of_adults_being_cared_for is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-093', 'field_name': 'total_hrs_caring_per_week',
            'fails': 'total_hrs_caring_per_week is null'
                ~ ' or total_hrs_caring_per_week < 0 or total_hrs_caring_per_week > 168',
            'applies': 'total_hrs_caring_per_week_raw is not null'}) %}
    {% elif family == 'file_consistency' %}
        {% set period_ok = 'reporting_period_start_date is not null'
            ~ ' and reporting_period_end_date is not null'
            ~ ' and reporting_period_start_date <= reporting_period_end_date' %}
        {#- a single start/end pair per file: a row stating another pair than the
            file's stated period (the pair most rows state) fails; blank and
            unreadable dates fail on their own -#}
        {% for field_name in ['reporting_period_start_date', 'reporting_period_end_date'] %}
            {% do rules.append({'rule_id': 'CLD-003.' ~ field_name,
                'field_name': field_name,
                'fails': 'not (' ~ period_ok ~ ')'
                    ~ ' or reporting_period_start_date <> stated_period_start_date'
                    ~ ' or reporting_period_end_date <> stated_period_end_date'}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-004', 'field_name': 'reporting_period_end_date',
            'fails': 'reporting_period_end_date <> cast('
                ~ dbt.last_day('reporting_period_end_date', 'month') ~ ' as date)'
                ~ ' or ' ~ dbt.datediff('reporting_period_start_date',
                    'cast(' ~ dbt.dateadd('day', 1, 'reporting_period_end_date')
                    ~ ' as date)', 'month') ~ ' not in (3, 6, 9, 12)',
            'applies': period_ok}) %}
        {#- every row carries its file's council (the code in the file name, else
            the one most rows carry): a row with another code fails -#}
        {% do rules.append({'rule_id': 'CLD-002', 'field_name': 'la_code',
            'fails': 'la_code is null or not is_la_code_known'
                ~ ' or la_code <> submission_la_code'}) %}
        {#- one value per person per file: min and max over the person's rows -#}
        {% set person = 'partition by submission_id, la_person_unique_identifier' %}
        {% for field_name in ['gender', 'ethnicity', 'date_of_birth', 'date_of_death',
            'primary_support_reason', 'postcode', 'accommodation_status',
            'employment_status', 'has_unpaid_carer', 'client_funding_status'] %}
            {% set value = field_name ~ '_raw'
                if field_name in cld_coded_fields() + cld_date_fields() else field_name %}
            {% do rules.append({'rule_id': 'CLD-027.' ~ field_name,
                'field_name': field_name,
                'fails': 'min(coalesce(' ~ value ~ ", '')) over (" ~ person ~ ')'
                    ~ ' <> max(coalesce(' ~ value ~ ", '')) over (" ~ person ~ ')',
                'applies': 'la_person_unique_identifier is not null'}) %}
        {% endfor %}
        {#- .la_person_unique_identifier: the LA person id goes with two NHS
            numbers; .nhs_number: the NHS number goes with two LA person ids -#}
        {% set both_ids = 'la_person_unique_identifier is not null'
            ~ ' and nhs_number is not null' %}
        {% do rules.append({'rule_id': 'CLD-028.la_person_unique_identifier',
            'field_name': 'la_person_unique_identifier',
            'fails': 'min(nhs_number) over (' ~ person ~ ')'
                ~ ' <> max(nhs_number) over (' ~ person ~ ')',
            'applies': both_ids}) %}
        {% do rules.append({'rule_id': 'CLD-028.nhs_number', 'field_name': 'nhs_number',
            'fails': 'min(la_person_unique_identifier) over (partition by'
                ~ ' submission_id, nhs_number) <> max(la_person_unique_identifier)'
                ~ ' over (partition by submission_id, nhs_number)',
            'applies': both_ids}) %}
        {% do rules.append({'rule_id': 'CLD-045', 'field_name': 'event_end_date',
            'fails': "case when event_type_code = 'service'"
                ~ ' then event_end_date < reporting_period_start_date'
                ~ ' else event_end_date < reporting_period_start_date'
                ~ ' or event_end_date > reporting_period_end_date end',
            'applies': 'event_type_code is not null and event_end_date is not null'}) %}
        {% do rules.append({'rule_id': 'CLD-052', 'field_name': '*',
            'fails': 'sum(case when duplicate_of_line_number is null then 1 else 0 end)'
                ~ ' over (partition by submission_id,'
                ~ ' la_person_unique_identifier, event_type_code, client_type_code,'
                ~ ' event_start_date,'
                ~ " case when event_type_code = 'service' then null else event_end_date end,"
                ~ ' request_route_of_access_code, assessment_type_code,'
                ~ ' service_type_code, service_component_code) > 1',
            'applies': 'event_type_code is not null and duplicate_of_line_number is null'}) %}
        {% do rules.append({'rule_id': 'CLD-063', 'field_name': 'eligible_needs_identified',
            'fails': 'eligible_needs_identified_raw is null',
            'applies': cld_mandatory_when('eligible_needs_identified')}) %}
        {% for field_name, event_type in [('method_of_assessment', 'assessment'),
            ('method_of_review', 'review')] %}
            {% do rules.append({'rule_id': 'CLD-066.' ~ field_name,
                'field_name': field_name,
                'fails': 'coalesce(' ~ field_name ~ "_code, '') not in"
                    ~ " ('carer_only', 'service_user_and_carer')",
                'applies': "client_type_code = 'carer' and event_type_code = '"
                    ~ event_type ~ "' and " ~ field_name ~ '_raw is not null'}) %}
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
        {#- on rows with a recognised event type only: a blank or unrecognised one
            is CLD-040's (and CLD-051's on carers known by association) -#}
        {% for event_type, fields in cld_event_type_fields().items() %}
            {% for field_name in fields %}
                {% do rules.append({'rule_id': 'CLD-050.' ~ field_name,
                    'field_name': field_name,
                    'fails': "event_type_code <> '" ~ event_type ~ "'",
                    'applies': (field_name ~ '_raw'
                        if field_name in cld_numeric_fields() or field_name in cld_coded_fields()
                        else field_name) ~ ' is not null and event_type_code is not null'}) %}
            {% endfor %}
        {% endfor %}
    {% elif family == 'submissions' %}
        {% do rules.append({'rule_id': 'CLD-001', 'field_name': '*',
            'fails': 'missing_columns is not null or unknown_column_count > 0',
            'applies': 'has_header',
            'shows': "concat('missing: ', coalesce(missing_columns, 'none'),"
                ~ " '; unknown: ', cast(unknown_column_count as "
                ~ dbt.type_string() ~ "), coalesce(concat(' (first: ',"
                ~ " first_unknown_column, ')'), ''))"}) %}
        {% for bound in ['start', 'end'] %}
            {% do rules.append({'rule_id': 'CLD-005.reporting_period_' ~ bound ~ '_date',
                'field_name': 'reporting_period_' ~ bound ~ '_date',
                'fails': 'derived_period_' ~ bound ~ '_date <> stated_period_'
                    ~ bound ~ '_date',
                'applies': 'derived_period_' ~ bound ~ '_date is not null'
                    ~ ' and stated_period_' ~ bound ~ '_date is not null',
                'shows': "concat('stated ', cast(stated_period_" ~ bound ~ "_date as "
                    ~ dbt.type_string() ~ "), ', derived ', cast(derived_period_"
                    ~ bound ~ "_date as " ~ dbt.type_string() ~ "))"}) %}
        {% endfor %}
        {% do rules.append({'rule_id': 'CLD-009', 'field_name': '*',
            'fails': 'stated_period_issue is not null',
            'applies': 'not is_quarantined',
            'shows': 'stated_period_issue'}) %}
        {% do rules.append({'rule_id': 'CLD-007', 'field_name': '*',
            'fails': 'volume_changes is not null',
            'applies': 'previous_submission_id is not null',
            'shows': 'volume_changes'}) %}
        {% do rules.append({'rule_id': 'CLD-083', 'field_name': 'event_start_date',
            'fails': 'open_services_starting_on_reset_date > '
                ~ var('start_date_reset_share') ~ ' * open_services',
            'applies': 'open_services >= 20',
            'shows': "concat(cast(open_services_starting_on_reset_date as "
                ~ dbt.type_string() ~ "), ' of ', cast(open_services as "
                ~ dbt.type_string() ~ "), ' open services')"}) %}
    {% elif family == 'carer_links' %}
        {% for position in [1, 2, 3] %}
            {% do rules.append({
                'rule_id': 'CLD-091.adult_' ~ position ~ '_linked_person_id',
                'field_name': 'adult_' ~ position ~ '_linked_person_id',
                'fails': 'not is_adult_' ~ position ~ '_linked_person_known',
                'applies': 'adult_' ~ position ~ '_linked_person_pseudonym is not null'
                }) %}
        {% endfor %}
    {% elif family == 'duplicates' %}
        {% do rules.append({'rule_id': 'CLD-008', 'field_name': '*',
            'fails': 'duplicate_of_line_number is not null'}) %}
    {% else %}
        {{ exceptions.raise_compiler_error("cld_rule_family: unknown family " ~ family) }}
    {% endif %}
    {{ return(rules) }}
{% endmacro %}

{#- A service's planned weekly cost in pounds, as SQL: unit cost times planned
    units for per-session, hourly and daily costs, else scaled by the frequency
    (DHSC's factors: fortnightly 1/2, 4-weekly 1/4, monthly 12/52, quarterly 4/52,
    annually 1/52); NULL for one-off costs. -#}
{% macro weekly_cost() -%}
    unit_cost * case cost_frequency_unit_type_code
        when 'per_session' then planned_units_per_week
        when 'hourly' then planned_units_per_week
        when 'daily' then planned_units_per_week
        when 'weekly' then 1
        when 'fortnightly' then 0.5
        when 'four_weekly' then 0.25
        when 'monthly' then 12.0 / 52
        when 'quarterly' then 4.0 / 52
        when 'annually' then 1.0 / 52
    end
{%- endmacro %}

{#- The names of the rule families cld_rule_family knows. -#}
{% macro cld_rule_families() %}
    {{ return(['defined_lists', 'formats', 'mandatory', 'conditional_mandatory',
        'person_details', 'event_consistency', 'file_consistency', 'services',
        'carers', 'dates', 'event_types', 'duplicates', 'submissions',
        'carer_links']) }}
{% endmacro %}

{#- How many of the three linked person ids a row fills, as SQL. -#}
{% macro count_linked_people() -%}
    ({% for position in [1, 2, 3] -%}
        case when adult_{{ position }}_linked_person_id is not null then 1 else 0 end
        {{- " + " if not loop.last }}
    {%- endfor %})
{%- endmacro %}

{#- The text a failure shows for a field: the submitted value, except that
    identifiers are never shown (as on the national DQ report). -#}
{% macro cld_offending_value(field_name) %}
    {% set identifiers = ['nhs_number', 'la_person_unique_identifier', 'first_name',
        'last_name', 'date_of_birth', 'postcode', 'adult_1_linked_person_id',
        'adult_2_linked_person_id', 'adult_3_linked_person_id'] %}
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

{#- Whether a row's event outcome is allowed for its event type, as SQL: the v4
    matrix (shared/reference/cld_spec.md §5.12, [SEED-003]), with each Release 1
    and Release 2 outcome given the event types of its nearest v4 equivalent
    (support planning also after a review: R2 folds 'No change in package' in).
    Outcomes not listed are allowed on every event type. -#}
{% macro event_outcome_allowed() %}
    {% set allowed = {
        'progress_to_reablement_st_max': ['request', 'assessment', 'review'],
        'progress_to_assessment': ['request'],
        'progress_to_assessment_or_unplanned_review': ['request'],
        'progress_to_assessment_review_or_reassessment': ['request', 'review'],
        'progress_to_reassessment': ['review'],
        'progress_to_reassessment_or_unplanned_review': ['review'],
        'progress_to_support_planning_or_services': ['request', 'assessment', 'review'],
        'progress_to_financial_assessment': ['request', 'assessment', 'review'],
        'admitted_to_hospital': ['service'],
        'no_change_in_package': ['review'],
        'provision_of_service': ['service'],
        'continuation_of_support_or_services': ['service'],
        'support_ended_as_planned': ['service', 'review'],
        'nfa_support_ended_other_reason': ['service', 'review'],
        'nfa_information_advice_signposting': ['request', 'assessment', 'service'],
        'nfa_no_services_offered_other_reason': ['request', 'assessment', 'service'],
        'nfa_referral_to_other_la_service': ['request', 'assessment', 'service']
    } %}
    {%- set condition -%}
        case event_outcome_code
            {%- for outcome, event_types in allowed.items() %}
            when '{{ outcome }}' then event_type_code in ('{{ event_types | join("', '") }}')
            {%- endfor %}
            else true
        end
    {%- endset %}
    {{ return(condition) }}
{% endmacro %}

{#- A coded field's value spelt as in Release 1 or v4 only, in a file received
    when Release 2 was required (var release_2_required_from), as SQL. -#}
{% macro cld_is_old_release_value(field_name) -%}
    (concat(' ', old_release_value_fields, ' ') like '% {{ field_name }} %'
    and received_date >= cast('{{ var("release_2_required_from") }}' as date))
{%- endmacro %}
