{#- Pre-hook of config_stored_by_part: the parts as they are now are each
    upstream part with its versions (version_columns: comma-separated). -#}
{% macro delete_stale_partitions_of(
    upstream, part_column, upstream_part_column, version_columns, upstream_filter
) %}
    {% set versions = version_columns.split(',') %}
    {% set current_parts %}
        select
            {{ upstream_part_column }} as {{ part_column }},
            {{ versions | join(', ') }}
        from {{ ref(upstream) }}
        where {{ upstream_filter }}
        group by {{ range(1, versions | length + 2) | join(', ') }}
    {% endset %}
    {{ return(delete_stale_partitions(current_parts, [part_column] + versions)) }}
{% endmacro %}
