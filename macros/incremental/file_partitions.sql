{#- partition_by of the models stored file by file (delete_stale_files): Spark
    drops a replaced or removed file as a partition, since its parquet tables
    cannot delete rows; DuckDB deletes rows, and partitions only DuckLake. -#}
{% macro file_partitions(file_column='file_name') %}
    {{ return([file_column] if target.type == 'spark' else none) }}
{% endmacro %}
