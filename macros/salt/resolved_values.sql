{#- One value of `field_name`_code per group of `keys`, as two CTEs
    (<field_name>_ranked, <field_name>_resolved) selecting from `rows`
    (shared/reference/salt_ascof_rules.md §2.11). The rows' order decides:
    'known_first' (LTS001: a known value beats 'unknown' or `unknown_code`,
    then the latest event start) or 'latest_first' (LTS004, 2E: the latest
    event start, then known beats unknown). NULL codes (missing or invalid
    values) never win. Rows still tied that disagree give `unknown_code`. -#}
{% macro resolved_values(rows, keys, field_name, unknown_code, order='known_first') -%}
    {%- set is_unknown -%}
        case
            when {{ field_name }}_code in ('unknown', '{{ unknown_code }}') then 1
            else 0
        end
    {%- endset -%}
    {%- set latest_start = 'event_start_date desc' -%}
    {%- if order == 'known_first' -%}
        {%- set ranking = is_unknown ~ ', ' ~ latest_start -%}
    {%- elif order == 'latest_first' -%}
        {%- set ranking = latest_start ~ ', ' ~ is_unknown -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "resolved_values: order must be known_first or latest_first") }}
    {%- endif -%}
    {{ field_name }}_ranked as (
        select
            {{ keys }},
            {{ field_name }}_code as value_code,
            dense_rank() over (
                partition by {{ keys }}
                order by {{ ranking }}
            ) as value_rank
        from {{ rows }}
        where {{ field_name }}_code is not null
    ),

    {{ field_name }}_resolved as (
        select
            {{ keys }},
            case
                when count(distinct value_code) = 1 then min(value_code)
                else '{{ unknown_code }}'
            end as {{ field_name }}_code
        from {{ field_name }}_ranked
        where value_rank = 1
        group by {{ keys }}
    )
{%- endmacro %}
