-- One row per defined-list field and code with the label the published tables
-- show: the concept's newest wording (Release 2, else Release 1, else v4;
-- base_cld__defined_list_keys).
select
    field_name,
    code,
    min(canonical_label) as display_label
from {{ ref('base_cld__defined_list_keys') }}
group by 1, 2
