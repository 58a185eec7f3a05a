{#- Pre-hook of the models stored part by part (incremental, append; a part is
    a landed file or a council): before new parts are added, removes every part
    whose stored key_columns (the part's column first, then what identifies its
    version) match no row of current_parts, the SQL of the parts as they are now
    upstream: a file removed, replaced by new bytes or no longer loaded; a
    council whose selected submissions or reporting period changed. DuckDB
    deletes the rows; Spark drops the partitions (its parquet tables cannot
    delete rows). Nothing in a full build. -#}
{% macro delete_stale_partitions(current_parts, key_columns) %}
    {% if not (execute and is_incremental()) %}
        {{ return('') }}
    {% endif %}
    {% set part_column = key_columns[0] %}
    {% set stale_parts %}
        select {{ part_column }}
        from (
            select {{ key_columns | join(', ') }} from {{ this }}
            except
            select {{ key_columns | join(', ') }}
            from ({{ current_parts }}) as current_parts
        ) as stale_keys
    {% endset %}
    {% set counts = run_query(
        'select (select count(*) from (' ~ stale_parts ~ ') as stale_parts),'
        ~ ' (select count(distinct ' ~ part_column ~ ') from ' ~ this ~ ')').rows[0] %}
    {% set why = '' %}
    {% if part_column == 'la_code' and counts[0] == counts[1] and counts[1] > 1 %}
        {% set why = ': every council, so the reporting period changed'
            ~ ' (int_reporting_periods) or every council resubmitted' %}
    {% endif %}
    {% do log(this.identifier ~ ': ' ~ counts[0] ~ ' of ' ~ counts[1] ~ ' stored '
        ~ part_column ~ ' part(s) changed or removed upstream' ~ why, info=true) %}
    {{ return(adapter.dispatch('delete_stale_partitions', 'cld_warehouse')(
        stale_parts, part_column)) }}
{% endmacro %}

{% macro default__delete_stale_partitions(stale_parts, part_column) %}
    delete from {{ this }} where {{ part_column }} in ({{ stale_parts }})
{% endmacro %}

{% macro spark__delete_stale_partitions(stale_parts, part_column) %}
    {% set names = run_query(stale_parts).columns[0].values() | unique | list %}
    {% for batch in names | batch(200) %}
        {% set partitions = [] %}
        {% for name in batch %}
            {% do partitions.append("partition (" ~ part_column ~ " = '"
                ~ name | replace('\\', '\\\\') | replace("'", "\\'") ~ "')") %}
        {% endfor %}
        {#- DDL returns no result set on a Thrift server: not run_query -#}
        {% do adapter.execute(
            'alter table ' ~ this ~ ' drop if exists ' ~ partitions | join(', ')) %}
    {% endfor %}
    {{ return('') }}
{% endmacro %}
