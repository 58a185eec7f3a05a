-- One row per defined-list field and match key: the concept (code) the key stands
-- for, its canonical label and the exact spelling in each release.
with defined_lists as (
    select
        field_name,
        code,
        release,
        label,
        {{ normalise_match_key('label') }} as match_key
    from {{ ref('cld_defined_lists') }}
),

code_labels as (
    select
        field_name,
        code,
        -- The newest wording of the concept is its canonical label.
        coalesce(
            max(case when release = 'R2' then label end),
            max(case when release = 'R1' then label end),
            max(case when release = 'v4' then label end),
            max(case when release = 'variant' then label end)
        ) as canonical_label
    from defined_lists
    group by 1, 2
),

key_labels as (
    select
        field_name,
        match_key,
        min(code) as code,
        count(distinct code) as code_count,
        max(case when release = 'v4' then label end) as v4_label,
        max(case when release = 'R1' then label end) as r1_label,
        max(case when release = 'R2' then label end) as r2_label,
        max(case when release = 'variant' then label end) as variant_label
    from defined_lists
    group by 1, 2
)

select
    key_labels.field_name,
    key_labels.match_key,
    key_labels.code,
    key_labels.code_count,
    code_labels.canonical_label,
    key_labels.v4_label,
    key_labels.r1_label,
    key_labels.r2_label,
    key_labels.variant_label,
    coalesce(
        nullif(trim(concat(
            case when key_labels.v4_label is not null then 'v4 ' else '' end,
            case when key_labels.r1_label is not null then 'R1 ' else '' end,
            case when key_labels.r2_label is not null then 'R2' else '' end
        )), ''),
        'variant'
    ) as releases
from key_labels
inner join code_labels
    on
        key_labels.field_name = code_labels.field_name
        and key_labels.code = code_labels.code
