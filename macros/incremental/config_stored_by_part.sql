{#- The config of a model stored part by part (a part is a landed file or a
    council): incremental (append), partitioned by the part on Spark, and a
    pre-hook that first removes the parts whose version changed upstream
    (delete_stale_partitions_of). The model filters its input with
    is_partition_unbuilt and selects the version_columns, which are also
    upstream's. -#}
{% macro config_stored_by_part(
    part_column, upstream, upstream_part_column=none,
    version_columns=['file_content_hash'], upstream_filter=none
) %}
    {% set hook_arguments = [upstream, part_column, upstream_part_column or part_column,
        version_columns | join(','), upstream_filter or '1 = 1'] %}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        partition_by=partition_by_on_spark(part_column),
        on_schema_change='fail',
        pre_hook="{{ delete_stale_partitions_of('"
            ~ hook_arguments | join("', '") ~ "') }}"
    ) }}
{% endmacro %}

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
