{#- LTS001c "more than 12 months", as a SQL condition: the support chain that
    started on `chain_start_date` counts at the snapshot `snapshot_date` under
    var lts001c_cutoff: 'principles' on or before the snapshot minus one year;
    'code' strictly before it (NHS England's script); 'cld_start' on or before
    the day after it (1 April of the prior year for a 31 March snapshot, the
    principles' stated limitation). shared/reference/salt_ascof_rules.md §5.7. -#}
{% macro lts001c_started_by_cutoff(chain_start_date, snapshot_date) -%}
    {%- set year_before = 'cast(' ~ dbt.dateadd('year', -1, snapshot_date)
        ~ ' as date)' -%}
    {%- if method_choice('lts001c_cutoff') == 'principles' -%}
        {{ chain_start_date }} <= {{ year_before }}
    {%- elif method_choice('lts001c_cutoff') == 'code' -%}
        {{ chain_start_date }} < {{ year_before }}
    {%- elif method_choice('lts001c_cutoff') == 'cld_start' -%}
        {{ chain_start_date }} <= cast({{ dbt.dateadd('day', 1, year_before) }} as date)
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var lts001c_cutoff must be principles, code or cld_start") }}
    {%- endif -%}
{%- endmacro %}
