-- Suppression blanks counts but never drops a row: each `_published` table
-- has as many council rows as its mart. Returns the tables that differ.
{%- set tables = [
    'salt_sts001', 'salt_sts002a', 'salt_sts002b', 'salt_lts001a',
    'salt_lts001b', 'salt_lts001c', 'salt_lts002a', 'salt_lts002b',
    'salt_lts003', 'salt_lts004', 'ascof_measures', 'waiting_times'] %}
with row_counts as (
    {% for table in tables %}
        select
            '{{ table }}' as table_name,
            (
                select count(*) as row_count
                from {{ ref(table) }}
                where la_code is not null
            ) as mart_rows,
            (
                select count(*) as row_count
                from {{ ref(table ~ '_published') }}
                where la_code is not null
            ) as published_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select *
from row_counts
where mart_rows <> published_rows
