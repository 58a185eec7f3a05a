{#- Filter of the models stored file by file: in an incremental build, the rows
    of files the model has not stored yet (new, replaced, or newly loaded; the
    pre-hook delete_stale_files has removed the replaced ones); in a full build,
    every row. stored_column: the model's own file column. -#}
{% macro is_file_unbuilt(file_name_column='file_name', stored_column='file_name') %}
    {%- if is_incremental() -%}
        {{ file_name_column }} not in (
            select {{ stored_column }} from {{ this }} group by 1
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{% endmacro %}
