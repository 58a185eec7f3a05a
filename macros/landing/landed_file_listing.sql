{#- One row per file of a landed-files relation (the source cld.landed_files, or
    landed_files_to_read()'s subset): file_path as the engine lists it,
    file_name, file_size_bytes, file_modified_at (UTC, whole seconds: DuckDB
    lists no finer) and, when with_content, its bytes as content. Without
    content, no engine reads the files: the listing is metadata only. -#}
{% macro landed_file_listing(landed_files, with_content=false) %}
    {{ return(adapter.dispatch('landed_file_listing', 'cld_warehouse')(
        landed_files, with_content)) }}
{% endmacro %}

{% macro default__landed_file_listing(landed_files, with_content) %}
    {{ exceptions.raise_compiler_error(
        "landed_file_listing: no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__landed_file_listing(landed_files, with_content) %}
    select
        filename as file_path,
        parse_filename(filename) as file_name,
        size as file_size_bytes,
        date_trunc('second', timezone('UTC', last_modified)) as file_modified_at
        {%- if with_content %},
        content
        {%- endif %}
    from {{ landed_files }}
{% endmacro %}

{% macro spark__landed_file_listing(landed_files, with_content) %}
    select
        path as file_path,
        regexp_extract(path, '([^/]+)$', 1) as file_name,
        cast(length as bigint) as file_size_bytes,
        date_trunc('second', modificationTime) as file_modified_at
        {%- if with_content %},
        content
        {%- endif %}
    from {{ landed_files }}
{% endmacro %}
