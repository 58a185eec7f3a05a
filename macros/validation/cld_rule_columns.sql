{#- The validation rules evaluated as columns, so a model reads its rows once
    for every rule of its families (macro cld_rule_family), in two steps:
    cld_rule_evaluations evaluates each rule's condition and failure once per
    row (`<key>__applies`, `<key>__fails`, NULL read as false; the window
    functions' failures can be asked for apart), then, over
    those, cld_rule_columns gives the columns the tests and the union read:
    `<key>__checked` (the rule applies to the row), `<key>__failed` (it applies
    and fails) and `<key>__value` (what the failure shows; NULL when it
    passes). Keys come from cld_rule_key. Both return lists of SQL select
    expressions. -#}
{% macro cld_rule_evaluations(families, part='all') %}
    {#- part: 'all'; 'windowed', the failures computed with window functions;
        'plain', every other column, for a model that computes the windowed
        ones over fewer columns first (a window sorts every column it is given) -#}
    {% set columns = [] %}
    {% for family in families %}
        {% for rule in cld_rule_family(family) %}
            {% set key = cld_rule_key(rule.rule_id) %}
            {% set windowed = ' over (' in rule.fails %}
            {% if part != 'windowed' %}
                {% do columns.append('coalesce(' ~ rule.get('applies', 'true')
                    ~ ', false) as ' ~ key ~ '__applies') %}
            {% endif %}
            {% if part == 'all' or (part == 'windowed') == windowed %}
                {% do columns.append('coalesce(' ~ rule.fails ~ ', false) as '
                    ~ key ~ '__fails') %}
            {% endif %}
        {% endfor %}
    {% endfor %}
    {{ return(columns) }}
{% endmacro %}

{% macro cld_rule_columns(families) %}
    {% set columns = [] %}
    {% for family in families %}
        {% for rule in cld_rule_family(family) %}
            {% set key = cld_rule_key(rule.rule_id) %}
            {% set failed = key ~ '__applies and ' ~ key ~ '__fails' %}
            {% do columns.append(key ~ '__applies as ' ~ key ~ '__checked') %}
            {% do columns.append(failed ~ ' as ' ~ key ~ '__failed') %}
            {% do columns.append('case when ' ~ failed ~ ' then '
                ~ (rule.get('shows') or cld_offending_value(rule.field_name))
                ~ ' end as ' ~ key ~ '__value') %}
        {% endfor %}
    {% endfor %}
    {{ return(columns) }}
{% endmacro %}

{#- A rule id as a column name: CLD-003.reporting_period_end_date becomes
    cld_003__reporting_period_end_date. -#}
{% macro cld_rule_key(rule_id) %}
    {{ return(rule_id | lower | replace('-', '_') | replace('.', '__')) }}
{% endmacro %}

{#- Which model evaluates which rule families as columns: the staged rows'
    families in int_submission_rows_checked, the file-level ones on the file
    profile, the carer links on their own model. -#}
{% macro cld_rule_models() %}
    {{ return({
        'int_submission_rows_checked': cld_rule_families() | reject('in',
            ['submissions', 'carer_links']) | list,
        'int_submissions_profiled': ['submissions'],
        'int_carer_links_checked': ['carer_links']
    }) }}
{% endmacro %}
