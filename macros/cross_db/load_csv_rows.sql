{#- dbt-spark 1.11 (method: session) pastes seed values into its SQL as '<value>'
    without escaping: a label with an apostrophe ("Don't know") breaks the insert
    and an empty cell arrives as the text 'None'. This writes proper literals:
    NULL for empty cells, backslash-escaped strings otherwise. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {% set column_override = model['config'].get('column_types', {}) %}
    {#- Each column's type once: convert_type per cell made a 14,000-row seed
        take ten minutes. -#}
    {% set column_types = [] %}
    {% for col_name in agate_table.column_names %}
        {% do column_types.append(column_override.get(
            col_name, adapter.convert_type(agate_table, loop.index0))) %}
    {% endfor %}
    {% set statements = [] %}
    {% for chunk in agate_table.rows | batch(get_batch_size()) %}
        {% set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for type in column_types -%}
                    cast({{ _spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor %}
        {% endset %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {% if loop.index0 == 0 %}
            {% do statements.append(sql) %}
        {% endif %}
    {% endfor %}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{% macro _spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
