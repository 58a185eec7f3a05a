{#- A filter on the event rows of STS001 and STS002a/b (request and ST-Max
    clusters, new-client services and sequels) by var events_after_period_end (macro method_choice): 'kept' (the
    principles: every later event the files hold can extend a cluster or follow
    it) or 'dropped' (NHS England's code: each script's extract keeps events
    starting on or before the period end, salt_ascof_rules.md §3.2).
    `column`: the event's start date; `period_end`: the period end date. -#}
{% macro is_started_by_period_end(column, period_end) -%}
    {%- set choice = method_choice('events_after_period_end') -%}
    {%- if choice == 'kept' -%}
        1 = 1
    {%- elif choice == 'dropped' -%}
        {{ column }} <= {{ period_end }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var events_after_period_end must be 'kept' or 'dropped', not " ~ choice) }}
    {%- endif -%}
{%- endmacro %}
