{#- Filter of the models stored part by part (delete_stale_partitions): in an
    incremental build, the rows of parts (files or councils) the model has not
    stored yet: new, or changed, since the pre-hook removed those; in a full
    build, every row. column: the upstream rows' part column; stored_column:
    the model's own. -#}
{% macro is_partition_unbuilt(column, stored_column=none) %}
    {#- unit tests have no relation `this`: they test the full build -#}
    {%- if this is not none and is_incremental() -%}
        {{ column }} not in (
            select {{ stored_column or column.split('.')[-1] }}
            from {{ this }}
            group by 1
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{% endmacro %}
