{#- Pre-hook of the models stored file by file (incremental, append): before new
    files are added, removes every file whose stored key_columns (the file's
    column first) no longer match a row of current_files, the SQL of the files as
    they are now upstream: a file removed from landing, replaced by new bytes,
    or no longer loaded. Nothing in a full build. -#}
{% macro delete_stale_files(current_files, key_columns) %}
    {% if not (execute and is_incremental()) %}
        {{ return('') }}
    {% endif %}
    {% set file_column = key_columns[0] %}
    {% set stale_files %}
        select {{ file_column }}
        from (
            select {{ key_columns | join(', ') }} from {{ this }}
            except
            select {{ key_columns | join(', ') }}
            from ({{ current_files }}) as current_files
        ) as stale_keys
    {% endset %}
    {{ return(adapter.dispatch('delete_stale_files', 'cld_warehouse')(
        stale_files, file_column)) }}
{% endmacro %}

{% macro default__delete_stale_files(stale_files, file_column) %}
    delete from {{ this }} where {{ file_column }} in ({{ stale_files }})
{% endmacro %}

{% macro spark__delete_stale_files(stale_files, file_column) %}
    {% set names = run_query(stale_files).columns[0].values() | unique | list %}
    {% for batch in names | batch(200) %}
        {% set partitions = [] %}
        {% for name in batch %}
            {% do partitions.append("partition (" ~ file_column ~ " = '"
                ~ name | replace('\\', '\\\\') | replace("'", "\\'") ~ "')") %}
        {% endfor %}
        {% do run_query(
            'alter table ' ~ this ~ ' drop if exists ' ~ partitions | join(', ')) %}
    {% endfor %}
    {% do log('Dropped ' ~ names | length ~ ' replaced or removed file(s) from '
        ~ this, info=true) %}
    {{ return('') }}
{% endmacro %}
