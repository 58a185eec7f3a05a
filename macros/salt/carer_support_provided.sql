{#- SQL: SALT's LTS003 "support provided" category of a carer's event
    (shared/reference/salt_ascof_rules.md §4.10; categories in
    carer_support_categories): by delivery mechanism for support direct to the
    carer; no direct support for support involving the cared-for person and for
    assessments and reviews not ending in information and advice; information,
    advice and signposting for requests and for assessments or reviews ending
    that way. NULL for an event that says nothing of a carer's support (another
    service type). Reads the event's *_code columns. -#}
{% macro carer_support_provided() -%}
    {%- set categories = carer_support_categories() -%}
    case
        when service_type_code = 'carer_support_direct_to_carer'
            then case
                when
                    delivery_mechanism_code in (
                        'direct_payment', 'community_direct_payment'
                    )
                    then '{{ categories[0] }}'
                when
                    delivery_mechanism_code in (
                        'cassr_managed_personal_budget',
                        'community_cassr_managed_personal_budget'
                    )
                    then '{{ categories[1] }}'
                when
                    delivery_mechanism_code in (
                        'cassr_commissioned_support',
                        'community_cassr_commissioned_support'
                    )
                    then '{{ categories[2] }}'
                else '{{ categories[3] }}'
            end
        when service_type_code = 'carer_support_involving_cared_for'
            then '{{ categories[5] }}'
        when service_type_code is not null
            then null
        when event_type_code in ('assessment', 'review')
            then case
                when event_outcome_code = 'nfa_information_advice_signposting'
                    then '{{ categories[4] }}'
                else '{{ categories[5] }}'
            end
        when
            event_type_code = 'request'
            and event_outcome_code = 'nfa_information_advice_signposting'
            then '{{ categories[4] }}'
    end
{%- endmacro %}
