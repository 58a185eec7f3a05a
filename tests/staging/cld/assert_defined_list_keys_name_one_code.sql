-- A normalised spelling must stand for one concept per field, or a variant could
-- be mapped to the wrong code.
select
    field_name,
    match_key,
    code_count
from {{ ref('base_cld__defined_list_keys') }}
where code_count > 1
