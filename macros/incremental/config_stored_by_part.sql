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
