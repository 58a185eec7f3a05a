{#- Landing: the source cld.landed_files (one row per CSV file in the landing
    folder, with its bytes) read into numbered physical lines by the model
    base_cld__submission_records. DuckDB reads the folder through the source's
    external_location (read_blob); Spark through an external binaryFile table
    that register_landed_files_table() points at the folder before the model
    runs. -#}

{#- Spark: (re)creates the source table over the landing folder; metadata only,
    the files are read when the model selects from it. On a cluster the folder
    must be a URI every executor can read (s3a://, abfss://, hdfs://). -#}
{% macro register_landed_files_table() %}
    {{ return(adapter.dispatch('register_landed_files_table', 'cld_warehouse')()) }}
{% endmacro %}

{% macro default__register_landed_files_table() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__register_landed_files_table() %}
    {% if execute %}
        {% set relation = source('cld', 'landed_files') %}
        {#- the default folder is also in the source's external_location -#}
        {% set landing_dir = env_var('CLD_LANDING_DIR', 'data/landing') %}
        {#- adapter.execute, not run_query: a Thrift server returns no result
            set for DDL, which run_query would read -#}
        {% do adapter.execute('create schema if not exists ' ~ relation.schema) %}
        {% do adapter.execute('drop table if exists ' ~ relation) %}
        {% do adapter.execute(
            'create table ' ~ relation ~ " using binaryFile options (path '"
            ~ (landing_dir.rstrip('/') | replace("'", "\\'"))
            ~ "', pathGlobFilter '*.[cC][sS][vV]')") %}
    {% endif %}
    {{ return('') }}
{% endmacro %}

{#- One row per physical line of every landed file: file_name, line_number
    (1 = header), line_text (line ending removed; byte-order mark removed from
    line 1), file_encoding (utf-8, utf-8-bom, windows-1252 or undecodable),
    file_size_bytes, file_modified_date, file_modified_at, file_content_hash (SHA-256 of the
    bytes, hex: a file's identity, so a copy under another name is recognised),
    bad_byte_line_number and has_line_ending_in_quote (some line of the file
    ends inside a quoted field: its lines are grouped into records). A file is split on line feeds, or on carriage
    returns when it holds no line feed (old Mac line endings). A file that is
    not text lands as one line 0 with no text, and bad_byte_line_number names
    the line holding its first NUL byte or byte Windows-1252 leaves undefined. -#}
{% macro landed_file_lines(landed_files) %}
    {{ return(adapter.dispatch('landed_file_lines', 'cld_warehouse')(landed_files)) }}
{% endmacro %}

{% macro default__landed_file_lines(landed_files) %}
    {{ exceptions.raise_compiler_error(
        "landed_file_lines: no implementation for " ~ target.type) }}
{% endmacro %}

{#- DuckDB prints a blob with control bytes and every byte above 0x7E as \xHH:
    the text before the first bad byte's escape, with its \x0A line feeds
    counted, gives that byte's line. -#}
{% macro duckdb__landed_file_lines(landed_files) %}
    with files as (
        select
            file_name,
            file_size_bytes,
            cast(file_modified_at as date) as file_modified_date,
            file_modified_at,
            sha256(content) as file_content_hash,
            content,
            try(decode(content)) as utf8_text
        from ({{ landed_file_listing(landed_files, with_content=true) }}) as listing
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
        from files
    ),

    texts as (
        select
            file_name,
            file_size_bytes,
            file_modified_date,
            file_modified_at,
            file_content_hash,
            file_encoding,
            case
                when file_encoding = 'windows-1252'
                    then {{ _duckdb_windows_1252_text('cast(content as varchar)') }}
                when file_encoding <> 'undecodable' then utf8_text
            end as file_text,
            case
                when file_encoding = 'undecodable'
                    then regexp_extract(
                        cast(content as varchar), '^(.*?)\\x(00|81|8D|8F|90|9D)', 1
                    )
            end as text_before_bad_byte
        from classified
    ),

    -- Split each text once: splitting it again for each column below took
    -- 34 s, not 0.2 s, for 10 national files. A file that is not text becomes
    -- its one line of text before the bad byte (see _landed_lines_select).
    split_texts as (
        select
            file_name,
            file_size_bytes,
            file_modified_date,
            file_modified_at,
            file_content_hash,
            file_encoding,
            coalesce(
                regexp_matches(
                    case
                        when contains(file_text, chr(10)) then file_text
                        else replace(file_text, chr(13), chr(10))
                    end,
                    '{{ _line_ending_in_quote_pattern() }}'
                ),
                false
            ) as has_line_ending_in_quote,
            case
                when file_text is null then list_value(text_before_bad_byte)
                else string_split(
                    file_text,
                    case
                        when contains(file_text, chr(10)) then chr(10) else chr(13)
                    end
                )
            end as raw_lines
        from texts
    ),

    split_lines as (
        select
            file_name,
            file_size_bytes,
            file_modified_date,
            file_modified_at,
            file_content_hash,
            file_encoding,
            has_line_ending_in_quote,
            unnest(raw_lines) as raw_line,
            generate_subscripts(raw_lines, 1) as line_number,
            len(raw_lines) as line_count
        from split_texts
    )

    {{ _landed_lines_select(
        'ltrim(rtrim(raw_line, chr(13)), chr(65279))',
        'rtrim(raw_line, chr(13))',
        "(length(raw_line) - length(replace(raw_line, '\\x0A', ''))) // 4 + 1"
    ) }}
{% endmacro %}

{#- Spark decodes in SQL too. A file is UTF-8 when decoding and re-encoding
    gives back its bytes; ISO-8859-1 maps each byte to one character, to find
    NUL and the five bytes Windows-1252 leaves undefined. Spark 4 also needs
    spark.sql.legacy.javaCharsets=true to know windows-1252. -#}
{% macro spark__landed_file_lines(landed_files) %}
    with files as (
        select
            file_name,
            file_size_bytes,
            cast(file_modified_at as date) as file_modified_date,
            file_modified_at,
            sha2(content, 256) as file_content_hash,
            decode(content, 'UTF-8') as utf8_text,
            decode(content, 'ISO-8859-1') as byte_text,
            content
        from ({{ landed_file_listing(landed_files, with_content=true) }}) as listing
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
            file_modified_at,
            file_content_hash,
            file_encoding,
            case
                when file_encoding = 'windows-1252'
                    then decode(content, 'windows-1252')
                when file_encoding <> 'undecodable' then utf8_text
            end as file_text,
            case
                when file_encoding = 'undecodable'
                    then regexp_extract(
                        byte_text, '^([^\u0000\u0081\u008D\u008F\u0090\u009D]*)', 1
                    )
            end as text_before_bad_byte
        from classified
    ),

    -- Spark copies a computed column into every filter it pushes below it:
    -- the filters of base_cld__submission_records on has_line_ending_in_quote
    -- and on the lines would decode and search each whole file again, once per
    -- copy. A nondeterministic column stops them here (spark_partition_id() is
    -- never negative), and a file that is not text becomes its one line of
    -- text before the bad byte, so the files are read in one pass, no union.
    split_texts as (
        select
            file_name,
            file_size_bytes,
            file_modified_date,
            file_modified_at,
            file_content_hash,
            file_encoding,
            coalesce(
                (
                    case
                        when instr(file_text, '\n') > 0 then file_text
                        else replace(file_text, '\r', '\n')
                    end
                -- d: only a line feed ends a line for ^ and $ (Java's default
                -- also ends lines at a lone \r, \u0085 and \u2028)
                ) rlike '{{ _line_ending_in_quote_pattern('dm') }}',
                false
            ) as has_line_ending_in_quote,
            case
                when spark_partition_id() < 0 then null
                when file_text is null then array(text_before_bad_byte)
                else split(
                    file_text,
                    case when instr(file_text, '\n') > 0 then '\n' else '\r' end,
                    -1
                )
            end as raw_lines
        from texts
    ),

    split_lines as (
        select
            split_texts.file_name,
            split_texts.file_size_bytes,
            split_texts.file_modified_date,
            split_texts.file_modified_at,
            split_texts.file_content_hash,
            split_texts.file_encoding,
            split_texts.has_line_ending_in_quote,
            exploded.raw_line,
            exploded.line_index + 1 as line_number,
            size(split_texts.raw_lines) as line_count
        from split_texts
        lateral view posexplode(split_texts.raw_lines) exploded as line_index, raw_line
    )

    {{ _landed_lines_select(
        "regexp_replace(regexp_replace(raw_line, '\\r$', ''), '^\\uFEFF', '')",
        "regexp_replace(raw_line, '\\r$', '')",
        "size(split(raw_line, '\\n', -1))"
    ) }}
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

{#- Whether some line of a text ends inside a quoted field, entered outside one:
    complete fields (quoted with doubled quotes inside, or unquoted), then a
    quoted field with no closing quote before the line's end (multi-line mode:
    ^ and $ at each line). The same test as base_cld__submission_records makes
    per line, made once per file so that only files with such a line are
    grouped into records line by line. -#}
{% macro _line_ending_in_quote_pattern(flags='m') -%}
    {%- set field = '(?:"[^"\\n]*(?:""[^"\\n]*)*"|[^,"\\n][^,\\n]*)?' -%}
    (?{{ flags }})^(?:{{ field }},)*"[^"\n]*(?:""[^"\n]*)*$
{%- endmacro %}

{#- The last step of every engine's landing query: numbered lines from the CTE
    split_lines (raw_line, line_number, line_count) with line endings and the
    byte-order mark removed. An undecodable file's one line (the text before
    its bad byte) becomes line 0 with no text, and the third expression
    numbers the line of its bad byte; the first two clean a file's first line
    and any other line. -#}
{% macro _landed_lines_select(clean_first_line, clean_line, bad_byte_line_number) %}
        select
            file_name,
            cast(
                case when file_encoding = 'undecodable' then 0 else line_number end
                as bigint
            ) as line_number,
            case
                when file_encoding = 'undecodable' then null
                when line_number = 1 then {{ clean_first_line }}
                else {{ clean_line }}
            end as line_text,
            file_encoding,
            file_size_bytes,
            file_modified_date,
            file_modified_at,
            file_content_hash,
            case
                when file_encoding = 'undecodable'
                    then cast({{ bad_byte_line_number }} as bigint)
            end as bad_byte_line_number,
            has_line_ending_in_quote
        from split_lines
        -- the empty string after a final line ending is not a line
        where not (line_number = line_count and line_number > 1 and raw_line = '')
{% endmacro %}
