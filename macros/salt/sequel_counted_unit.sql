{#- What STS001 and STS002a count once, by var sequel_rules (macro
    method_choice): the cluster or episode itself (`unit_column`) under the
    principles; under 'code', an anchor whose sequel is an NFA found in its
    chain ('nfa found') counts once per person, `nfa_key_columns` and NFA
    outcome, as NHS England's scripts insert those rows distinct without the
    cluster key (salt_ascof_rules.md §3.3 record type 3, and STS002a's
    equivalent). Reads record_type, person_id and sequel_outcome_code. -#}
{% macro sequel_counted_unit(unit_column, nfa_key_columns=[]) -%}
    {%- if method_choice('sequel_rules') == 'code' -%}
        {%- set parts = ["'nfa|'", 'person_id'] -%}
        {%- for column in nfa_key_columns + ['sequel_outcome_code'] -%}
            {%- do parts.extend(["'|'", "coalesce(" ~ column ~ ", '')"]) -%}
        {%- endfor -%}
        case
            when record_type = 'nfa found' then {{ dbt.concat(parts) }}
            else {{ unit_column }}
        end
    {%- else -%}
        {{ unit_column }}
    {%- endif -%}
{%- endmacro %}
