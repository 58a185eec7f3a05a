{#- partition_by of the models stored part by part (delete_stale_partitions):
    on Spark the part's column, so a changed or removed file or council is a
    dropped partition; none on DuckDB, which deletes rows (dbt-duckdb
    partitions only DuckLake tables). -#}
{% macro partition_by_on_spark(part_column) %}
    {{ return([part_column] if target.type == 'spark' else none) }}
{% endmacro %}
