{#- Splits one CSV line (RFC 4180, comma-delimited) into an array of fields, each
    still carrying its surrounding quotes; unquote with unquote_csv_field().
    A field is either a quoted run (with "" as an escaped quote) or text up to the
    next comma. The line gets a leading comma so that every field is matched with
    the comma before it: no match is ever empty, and RE2 (DuckDB) and Java (Spark)
    then agree; both drop an empty first field with the usual (^|,) pattern.
    Read elements with csv_field_at(). -#}
{% macro split_csv_fields(line) %}
    {{ return(adapter.dispatch('split_csv_fields', 'cld_warehouse')(line)) }}
{% endmacro %}

{#- A line without quotes is split on commas (fast); otherwise the regular
    expression, written unrolled ("[^"]*(""[^"]*)*") because Java's engine
    recurses once per character of an alternation and overflows its stack on a
    quoted field of a few thousand characters. -#}
{% macro duckdb__split_csv_fields(line) -%}
    case
        when contains({{ line }}, '"')
            then regexp_extract_all(
                concat(',', {{ line }}), ',("[^"]*(?:""[^"]*)*"|[^,]*)', 1
            )
        else string_split({{ line }}, ',')
    end
{%- endmacro %}

{#- Spark's split takes a regular expression; a comma is literal in one. -#}
{% macro spark__split_csv_fields(line) -%}
    case
        when instr({{ line }}, '"') > 0
            then regexp_extract_all(
                concat(',', {{ line }}), ',("[^"]*(?:""[^"]*)*"|[^,]*)', 1
            )
        else split({{ line }}, ',', -1)
    end
{%- endmacro %}

{% macro default__split_csv_fields(line) -%}
    {{ exceptions.raise_compiler_error(
        "split_csv_fields: no implementation for " ~ target.type) }}
{%- endmacro %}
