{#- The landed files base_cld__submission_records has still to read: in a full
    build, the source cld.landed_files; in an incremental one, only the files
    whose name, size or modification time it has not stored (new or replaced),
    named one by one so that no engine opens an unchanged file. Files no longer
    landed, or replaced, leave the stored models through delete_stale_partitions. -#}
{% macro landed_files_to_read() %}
    {% set landed = source('cld', 'landed_files') %}
    {% if not execute or flags.FULL_REFRESH %}
        {{ return(landed) }}
    {% endif %}
    {% set records_node = graph.nodes.get(
        'model.' ~ project_name ~ '.base_cld__submission_records') %}
    {% if records_node is none %}
        {{ return(landed) }}
    {% endif %}
    {% set records = adapter.get_relation(
        records_node.database, records_node.schema, records_node.alias) %}
    {% if records is none %}
        {{ return(landed) }}
    {% endif %}
    {#- Spark: the source table must list today's folder before it is read -#}
    {% do register_landed_files_table() %}
    {% set unread = run_query(
        'select listing.file_path from ('
        ~ landed_file_listing(landed) ~ ') as listing'
        ~ ' left join (select file_name, file_size_bytes, file_modified_at from '
        ~ records ~ ' group by 1, 2, 3) as stored'
        ~ ' on listing.file_name = stored.file_name'
        ~ ' and listing.file_size_bytes = stored.file_size_bytes'
        ~ ' and listing.file_modified_at = stored.file_modified_at'
        ~ ' where stored.file_name is null') %}
    {% set paths = unread.columns[0].values() | list %}
    {% do log('Landing: ' ~ paths | length ~ ' new or changed file(s) to read', info=true) %}
    {{ return(adapter.dispatch('landed_files_at', 'cld_warehouse')(landed, paths)) }}
{% endmacro %}

{#- The named files in the source's shape; none: the source, empty. A path
    with a glob character ([ ] * ? { }) would be read as a pattern: then the
    source is filtered by path instead (every file's bytes are read). -#}
{% macro default__landed_files_at(landed, paths) %}
    {{ exceptions.raise_compiler_error(
        "landed_files_at: no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__landed_files_at(landed, paths) %}
    {%- if paths | length == 0 -%}
        (select * from {{ landed }} where 1 = 0)
    {%- elif _has_glob_character(paths) -%}
        (select * from {{ landed }} where filename in (
            {%- for path in paths %}'{{ path | replace("'", "''") }}'
            {%- if not loop.last %}, {% endif %}{% endfor -%}
        ))
    {%- else -%}
        read_blob([
            {%- for path in paths %}'{{ path | replace("'", "''") }}'
            {%- if not loop.last %}, {% endif %}{% endfor -%}
        ])
    {%- endif -%}
{% endmacro %}

{% macro spark__landed_files_at(landed, paths) %}
    {%- if paths | length == 0 -%}
        (select * from {{ landed }} where 1 = 0)
    {%- elif _has_glob_character(paths) -%}
        (select * from {{ landed }} where path in (
            {%- for path in paths %}'{{ path | replace('\\', '\\\\') | replace("'", "\\'") }}'
            {%- if not loop.last %}, {% endif %}{% endfor -%}
        ))
    {%- else -%}
        (
            {%- for path in paths %}
            select * from binaryFile.`{{ path | replace('`', '``') }}`
            {%- if not loop.last %} union all{% endif %}
            {%- endfor %}
        )
    {%- endif -%}
{% endmacro %}

{% macro _has_glob_character(paths) %}
    {% for path in paths %}
        {% for character in '[]*?{}' %}
            {% if character in path %}{{ return(true) }}{% endif %}
        {% endfor %}
    {% endfor %}
    {{ return(false) }}
{% endmacro %}
