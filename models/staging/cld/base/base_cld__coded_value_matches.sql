-- A table: the staging model joins it once per defined-list field, and Spark
-- would otherwise re-plan this whole look-up for every one of those joins.
{{ config(materialized='table') }}

{%- set coded_fields = cld_coded_fields() %}

with submission_rows as (
    select
        {% for field_name in coded_fields %}
            {{ field_name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from {{ ref('base_cld__submission_rows') }}
),

defined_list_keys as (
    select
        field_name,
        match_key,
        code,
        canonical_label,
        v4_label,
        r1_label,
        r2_label,
        releases
    from {{ ref('base_cld__defined_list_keys') }}
),

coded_values as (
    {{ distinct_values_by_field('submission_rows', coded_fields) }}
),

coded_value_matches as (
    select
        coded_values.field_name,
        coded_values.raw_value,
        defined_list_keys.code,
        coalesce(defined_list_keys.canonical_label, coded_values.raw_value)
            as canonical_label,
        case
            when defined_list_keys.code is null then 'unrecognised'
            when
                coded_values.raw_value = defined_list_keys.v4_label
                or coded_values.raw_value = defined_list_keys.r1_label
                or coded_values.raw_value = defined_list_keys.r2_label
                then 'exact'
            else 'variant'
        end as match_type,
        case
            when
                coded_values.raw_value = defined_list_keys.v4_label
                or coded_values.raw_value = defined_list_keys.r1_label
                or coded_values.raw_value = defined_list_keys.r2_label
                then trim(concat(
                    case
                        when coded_values.raw_value = defined_list_keys.v4_label
                            then 'v4 '
                        else ''
                    end,
                    case
                        when coded_values.raw_value = defined_list_keys.r1_label
                            then 'R1 '
                        else ''
                    end,
                    case
                        when coded_values.raw_value = defined_list_keys.r2_label
                            then 'R2'
                        else ''
                    end
                ))
            else defined_list_keys.releases
        end as matched_release
    from coded_values
    left join defined_list_keys
        on
            coded_values.field_name = defined_list_keys.field_name
            and {{ normalise_match_key('coded_values.raw_value') }}
            = defined_list_keys.match_key
)

select
    field_name,
    raw_value,
    code,
    canonical_label,
    match_type,
    matched_release
from coded_value_matches
