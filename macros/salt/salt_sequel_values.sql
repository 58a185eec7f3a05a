{#- Every sequel SALT STS001 can show (int_request_sequels): a service type's,
    an NFA outcome's, several NFA outcomes that differ, or none derivable; as a
    relation of one column `sequel` (cell template of salt_sts001). -#}
{% macro sts001_sequel_values() -%}
    select sts001_sequel as sequel
    from {{ ref('salt_service_types') }}
    where sts001_sequel is not null
    union all
    select sts001_sequel as sequel
    from {{ ref('salt_event_outcomes') }}
    where is_sts001_sequel
    union all
    {{ literal_values('sequel', [
        'No Services Provided - other reason', 'Unable to classify']) }}
{%- endmacro %}

{#- Every sequel the ST-Max tables can show (int_st_max_sequels), as a relation
    of one column `sequel` (cell template of salt_sts002a and salt_sts002b). -#}
{% macro st_max_sequel_values() -%}
    select st_max_sequel as sequel
    from {{ ref('salt_service_types') }}
    where st_max_sequel is not null
    union all
    select st_max_sequel as sequel
    from {{ ref('salt_event_outcomes') }}
    where st_max_sequel is not null
    union all
    {{ literal_values('sequel', ['No services provided – other', 'No service found']) }}
{%- endmacro %}
