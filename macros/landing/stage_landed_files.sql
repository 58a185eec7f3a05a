{#- on-run-start: exposes every *.csv directly inside var('landing_dir') as the
    source table <landing_schema>.submission_lines, one row per physical line:
    file_name, line_number (1 = header), line_text (byte-order mark and trailing
    carriage return removed), file_encoding, file_size_bytes, file_modified_date.
    Files are read whole and split on line feeds by the engine, so every line keeps
    its number; CSV fields are split later, in SQL, so a malformed file never stops
    the others from loading. file_content_hash is the SHA-256 of the file's bytes
    (hex): a file's identity, so a copy under another name is recognised. Encodings: UTF-8 (with or without BOM) and
    Windows-1252; a file that is neither (or holds NUL bytes) lands as a single
    line 0 with file_encoding 'undecodable'. A line is a physical line: a quoted
    field spanning lines is split, and the validation suite reports it. -#}
{% macro stage_landed_files() %}
    {% if execute %}
        {% set landing_dir = var('landing_dir') | string %}
        {% set relation = var('landing_schema') ~ '.submission_lines' %}
        {% do adapter.dispatch('stage_landed_files', 'cld_warehouse')(
            landing_dir.rstrip('/'), var('landing_schema'), relation) %}
    {% endif %}
    {{ return('') }}
{% endmacro %}

{% macro default__stage_landed_files(landing_dir, schema, relation) %}
    {{ exceptions.raise_compiler_error(
        "stage_landed_files: no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__stage_landed_files(landing_dir, schema, relation) %}
    {% set quoted_dir = landing_dir | replace("'", "''") %}
    {% set patterns = [] %}
    {% for suffix in ['*.csv', '*.CSV', '*.Csv'] %}
        {% set found = run_query(
            "select count(*) from glob('" ~ quoted_dir ~ "/" ~ suffix ~ "')") %}
        {% if found.columns[0].values()[0] > 0 %}
            {% do patterns.append("'" ~ quoted_dir ~ "/" ~ suffix ~ "'") %}
        {% endif %}
    {% endfor %}
    {% do run_query("create schema if not exists " ~ schema) %}
    {% if patterns | length == 0 %}
        {% do log("No CSV files in " ~ landing_dir ~ ": landing table is empty",
            info=true) %}
        {% set files_sql %}
            select
                cast(null as varchar) as file_name,
                cast(null as blob) as content,
                cast(null as bigint) as size,
                cast(null as timestamp) as last_modified
            where false
        {% endset %}
    {% else %}
        {% set files_sql %}
            select parse_filename(filename) as file_name, content, size, last_modified
            from read_blob([{{ patterns | join(', ') }}])
        {% endset %}
    {% endif %}
    {% set create_sql %}
        create or replace table {{ relation }} as
        with files as ({{ files_sql }}),

        decoded as (
            select
                file_name,
                size as file_size_bytes,
                cast(last_modified as date) as file_modified_date,
                sha256(content) as file_content_hash,
                content,
                try(decode(content)) as utf8_text
            from files
        ),

        classified as (
            select
                *,
                case
                    when contains(utf8_text, chr(0)) then 'undecodable'
                    when starts_with(utf8_text, chr(65279)) then 'utf-8-bom'
                    when utf8_text is not null then 'utf-8'
                    -- not UTF-8: NUL, or bytes Windows-1252 leaves undefined
                    when regexp_matches(
                        cast(content as varchar), '\\x(00|81|8D|8F|90|9D)'
                    )
                        then 'undecodable'
                    else 'windows-1252'
                end as file_encoding
            from decoded
        ),

        texts as (
            select
                file_name,
                file_size_bytes,
                file_modified_date,
                file_content_hash,
                file_encoding,
                case
                    when file_encoding = 'windows-1252'
                        then {{ _duckdb_windows_1252_text('cast(content as varchar)') }}
                    when file_encoding <> 'undecodable' then utf8_text
                end as file_text
            from classified
        ),

        -- Split each text once: splitting it again for each of the three
        -- columns below took 34 s, not 0.2 s, for 10 national files.
        split_texts as (
            select
                file_name,
                file_size_bytes,
                file_modified_date,
                file_content_hash,
                file_encoding,
                string_split(file_text, chr(10)) as raw_lines
            from texts
            where file_text is not null
        ),

        split_lines as (
            select
                file_name,
                file_size_bytes,
                file_modified_date,
                file_content_hash,
                file_encoding,
                unnest(raw_lines) as raw_line,
                generate_subscripts(raw_lines, 1) as line_number,
                len(raw_lines) as line_count
            from split_texts
        )

        {{ _landed_lines_select(
            'ltrim(rtrim(raw_line, chr(13)), chr(65279))', 'rtrim(raw_line, chr(13))'
        ) }}
    {% endset %}
    {% do run_query(create_sql) %}
{% endmacro %}

{#- Spark reads the folder with the binaryFile source (one row per file, raw
    bytes), so the same decoding and line splitting happen in SQL. On a cluster
    the landing folder must be a URI every executor can read (s3a://, abfss://,
    hdfs://). A file is UTF-8 when decoding and re-encoding gives back its bytes;
    ISO-8859-1 maps each byte to one character, to look for NUL and for the five
    bytes Windows-1252 leaves undefined. Spark 4 also needs
    spark.sql.legacy.javaCharsets=true to know windows-1252. -#}
{% macro spark__stage_landed_files(landing_dir, schema, relation) %}
    {% do run_query("create schema if not exists " ~ schema) %}
    {% do run_query(
        "create or replace temporary view cld_landed_files using binaryFile "
        ~ "options (path '" ~ (landing_dir | replace("'", "\\'"))
        ~ "', pathGlobFilter '*.{csv,CSV,Csv}')") %}
    {% do run_query("drop table if exists " ~ relation) %}
    {% set create_sql %}
        create table {{ relation }} using parquet as
        with files as (
            select
                regexp_extract(path, '([^/]+)$', 1) as file_name,
                cast(length as bigint) as file_size_bytes,
                cast(modificationTime as date) as file_modified_date,
                sha2(content, 256) as file_content_hash,
                decode(content, 'UTF-8') as utf8_text,
                decode(content, 'ISO-8859-1') as byte_text,
                content
            from cld_landed_files
        ),

        classified as (
            select
                *,
                case
                    when instr(byte_text, char(0)) > 0 then 'undecodable'
                    when encode(utf8_text, 'UTF-8') = content and utf8_text like '\uFEFF%'
                        then 'utf-8-bom'
                    when encode(utf8_text, 'UTF-8') = content then 'utf-8'
                    when byte_text rlike '[\u0081\u008D\u008F\u0090\u009D]'
                        then 'undecodable'
                    else 'windows-1252'
                end as file_encoding
            from files
        ),

        texts as (
            select
                file_name,
                file_size_bytes,
                file_modified_date,
                file_content_hash,
                file_encoding,
                case
                    when file_encoding = 'windows-1252'
                        then decode(content, 'windows-1252')
                    when file_encoding <> 'undecodable' then utf8_text
                end as file_text
            from classified
        ),

        split_lines as (
            select
                texts.file_name,
                texts.file_size_bytes,
                texts.file_modified_date,
                texts.file_content_hash,
                texts.file_encoding,
                exploded.raw_line,
                exploded.line_index + 1 as line_number,
                size(split(texts.file_text, '\n')) as line_count
            from texts
            lateral view posexplode(split(texts.file_text, '\n')) exploded
                as line_index, raw_line
            where texts.file_text is not null
        )

        {{ _landed_lines_select(
            "regexp_replace(regexp_replace(raw_line, '\\r$', ''), '^\\uFEFF', '')",
            "regexp_replace(raw_line, '\\r$', '')"
        ) }}
    {% endset %}
    {% do run_query(create_sql) %}
{% endmacro %}

{#- DuckDB prints a blob with control bytes, quotes, the backslash and every byte
    above 0x7E as \xHH; this turns those escapes back into the Windows-1252
    characters. The backslash goes last, so no decoded text is decoded twice. -#}
{% macro _duckdb_windows_1252_text(escaped) %}
    {% set cp1252_high = {
        128: 8364, 130: 8218, 131: 402, 132: 8222, 133: 8230, 134: 8224, 135: 8225,
        136: 710, 137: 8240, 138: 352, 139: 8249, 140: 338, 142: 381, 145: 8216,
        146: 8217, 147: 8220, 148: 8221, 149: 8226, 150: 8211, 151: 8212, 152: 732,
        153: 8482, 154: 353, 155: 8250, 156: 339, 158: 382, 159: 376
    } %}
    {% set decoded = namespace(sql=escaped) %}
    {% set escaped_bytes = range(1, 32) | list + [34, 39, 127]
        + range(128, 256) | list + [92] %}
    {% for byte in escaped_bytes %}
        {% set decoded.sql = "replace(" ~ decoded.sql ~ ", '\\x" ~ ('%02X' | format(byte))
            ~ "', chr(" ~ cp1252_high.get(byte, byte) ~ "))" %}
    {% endfor %}
    {{ return(decoded.sql) }}
{% endmacro %}

{#- The last step of every engine's landing query: numbered lines from the CTE
    split_lines (raw_line, line_number, line_count) with line endings and the
    byte-order mark removed, plus one line 0 for each file texts holds no text
    for. The two expressions clean a first line and any other line. -#}
{% macro _landed_lines_select(clean_first_line, clean_line) %}
        select
            file_name,
            cast(line_number as bigint) as line_number,
            case
                when line_number = 1 then {{ clean_first_line }}
                else {{ clean_line }}
            end as line_text,
            file_encoding,
            file_size_bytes,
            file_modified_date,
            file_content_hash
        from split_lines
        -- the empty string after a final line feed is not a line
        where not (line_number = line_count and line_number > 1 and raw_line = '')

        union all

        select
            file_name,
            cast(0 as bigint) as line_number,
            cast(null as {{ dbt.type_string() }}) as line_text,
            file_encoding,
            file_size_bytes,
            file_modified_date,
            file_content_hash
        from texts
        where file_text is null
{% endmacro %}
