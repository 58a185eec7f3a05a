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

{#- regexp_extract_all has the same name, arguments and result on DuckDB and
    Spark (3.1+). -#}
{% macro default__split_csv_fields(line) -%}
    regexp_extract_all(concat(',', {{ line }}), ',("(?:[^"]|"")*"|[^,]*)', 1)
{%- endmacro %}
