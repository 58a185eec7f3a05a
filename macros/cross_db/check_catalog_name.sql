{#- on-run-start: DuckDB names a database file's catalog after the file's name
    up to its first dot, and main, system, temp and memory are names of its own
    (a file called main.duckdb makes every schema-qualified name ambiguous: the
    build fails with "schema main.seeds does not exist"). Stop before anything
    runs, saying which file and what to do. -#}
{% macro check_catalog_name() %}
    {% set reserved = ['main', 'system', 'temp', 'memory'] %}
    {% if execute and target.type == 'duckdb' and target.path != ':memory:'
        and (target.database | lower) in reserved %}
        {{ exceptions.raise_compiler_error(
            "CLD_DUCKDB_PATH " ~ target.path ~ ": DuckDB names a database after its"
            ~ " file, and '" ~ target.database ~ "' is one of its own catalog names ("
            ~ reserved | join(', ') ~ "). Choose another file name, e.g. cld.duckdb.") }}
    {% endif %}
    {{ return('') }}
{% endmacro %}
