{#- The body of a `person_attributes` CTE: the person's attributes as every
    SALT and ASCOF table takes them (doc block person_attributes_rule), one
    row per council and person from int_people_resolved. `columns`: the
    attributes wanted; `is_stored_by_part`: the calling model is stored
    council by council, so an incremental build reads only its new councils. -#}
{% macro person_attributes(columns, is_stored_by_part=true) -%}
    select
        la_code,
        person_id,
        {{ columns | join(', ') }}
    from {{ ref('int_people_resolved') }}
    {%- if is_stored_by_part %}
        where {{ is_partition_unbuilt('la_code') }}
    {%- endif %}
{%- endmacro %}
