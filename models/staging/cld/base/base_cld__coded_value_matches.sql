-- A table: the staging model joins it once per defined-list field, and Spark
-- would otherwise re-plan this whole look-up for every one of those joins.
{{ config(materialized='table') }}

{%- set coded_fields = cld_coded_fields() %}

with submission_rows as (
    select
        file_name,
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

-- A spelling can only tell Release 1 from Release 2 where the seed holds both
-- lists of the field in full.
field_releases as (
    select
        field_name,
        max(
            case when release = 'R1' and list_status = 'complete' then 1 else 0 end
        ) = 1 as is_in_r1,
        max(
            case when release = 'R2' and list_status = 'complete' then 1 else 0 end
        ) = 1 as is_in_r2
    from {{ ref('cld_defined_list_releases') }}
    group by 1
),

coded_values as (
    {{ distinct_values_by_field('submission_rows', coded_fields) }}
),

exact_matches as (
    select
        coded_values.file_name,
        coded_values.field_name,
        coded_values.raw_value,
        coded_values.row_count,
        defined_list_keys.code,
        defined_list_keys.canonical_label,
        defined_list_keys.releases,
        coalesce(coded_values.raw_value = defined_list_keys.v4_label, false)
            as is_v4_spelling,
        coalesce(coded_values.raw_value = defined_list_keys.r1_label, false)
            as is_r1_spelling,
        coalesce(coded_values.raw_value = defined_list_keys.r2_label, false)
            as is_r2_spelling
    from coded_values
    left join defined_list_keys
        on
            coded_values.field_name = defined_list_keys.field_name
            and {{ normalise_match_key('coded_values.raw_value') }}
            = defined_list_keys.match_key
)

select
    exact_matches.file_name,
    exact_matches.field_name,
    exact_matches.raw_value,
    exact_matches.row_count,
    exact_matches.code,
    coalesce(exact_matches.canonical_label, exact_matches.raw_value)
        as canonical_label,
    case
        when exact_matches.code is null then 'unrecognised'
        when
            exact_matches.is_v4_spelling
            or exact_matches.is_r1_spelling
            or exact_matches.is_r2_spelling
            then 'exact'
        else 'variant'
    end as match_type,
    case
        when
            exact_matches.is_v4_spelling
            or exact_matches.is_r1_spelling
            or exact_matches.is_r2_spelling
            then trim(concat(
                case when exact_matches.is_v4_spelling then 'v4 ' else '' end,
                case when exact_matches.is_r1_spelling then 'R1 ' else '' end,
                case when exact_matches.is_r2_spelling then 'R2' else '' end
            ))
        else exact_matches.releases
    end as matched_release,
    -- The one release this exact spelling points to; NULL when it fits several
    -- or the field's lists are not both known in full.
    case
        when
            exact_matches.is_r2_spelling
            and not exact_matches.is_r1_spelling
            and field_releases.is_in_r1
            and field_releases.is_in_r2
            then 'R2'
        when
            exact_matches.is_r1_spelling
            and not exact_matches.is_r2_spelling
            and field_releases.is_in_r1
            and field_releases.is_in_r2
            then 'R1'
        when
            exact_matches.is_v4_spelling
            and not exact_matches.is_r1_spelling
            and not exact_matches.is_r2_spelling
            and field_releases.is_in_r1
            and field_releases.is_in_r2
            then 'v4'
    end as release_signal
from exact_matches
left join field_releases
    on exact_matches.field_name = field_releases.field_name
