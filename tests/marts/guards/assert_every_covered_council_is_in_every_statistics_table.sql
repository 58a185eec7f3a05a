-- Guard: every council whose file covers the reporting period
-- (int_submissions_selected.is_latest_covering) has rows in each SALT table,
-- ASCOF and waiting times that any council has rows in. The marts fill every
-- cell for such a council (macro council_cells_filled), so a council missing
-- here vanished from the national return. Fails the build (severity error).
{{ config(severity='error', tags=['guard']) }}
{%- set statistics_tables = [
    'salt_sts001', 'salt_sts002a', 'salt_sts002b', 'salt_lts001a', 'salt_lts001b',
    'salt_lts001c', 'salt_lts002a', 'salt_lts002b', 'salt_lts003', 'salt_lts004',
    'ascof_measures', 'waiting_times'] %}

with covered_councils as (
    select la_code
    from {{ ref('int_submissions_selected') }}
    where is_latest_covering
    group by 1
),

councils_in_tables as (
    {% for table_name in statistics_tables %}
        select
            '{{ table_name }}' as table_name,
            la_code
        from {{ ref(table_name) }}
        group by 1, 2
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

tables_with_rows as (
    select table_name
    from councils_in_tables
    group by 1
)

select
    covered_councils.la_code,
    tables_with_rows.table_name,
    concat(
        'council ', covered_councils.la_code,
        ' has a file covering the reporting period but no rows in ',
        tables_with_rows.table_name
    ) as problem
from covered_councils
cross join tables_with_rows
left join councils_in_tables
    on
        covered_councils.la_code = councils_in_tables.la_code
        and tables_with_rows.table_name = councils_in_tables.table_name
where councils_in_tables.la_code is null
