-- Each published SALT table's England rows add every council row of its mart,
-- and its region rows every council row with a region: each council row is
-- summed into exactly one England cell (and one region cell), so the England
-- rows' councils_included add up to the mart's rows. Returns the tables where
-- a row was lost or counted twice.
{%- set tables = [
    'salt_sts001', 'salt_sts002a', 'salt_sts002b', 'salt_lts001a',
    'salt_lts001b', 'salt_lts001c', 'salt_lts002a', 'salt_lts002b',
    'salt_lts003', 'salt_lts004'] %}
with councils as (
    select la_code
    from {{ ref('dim_areas') }}
    where area_type = 'council'
),

checks as (
    {% for table in tables %}
        select
            '{{ table }}' as table_name,
            (
                select count(*) as council_rows
                from {{ ref(table) }}
            ) as mart_rows,
            (
                select count(*) as council_rows
                from {{ ref(table) }}
                where la_code in (select councils.la_code from councils)
            ) as mart_rows_with_region,
            (
                select coalesce(sum(councils_included), 0) as council_rows
                from {{ ref(table ~ '_published') }}
                where area_type = 'england'
            ) as england_rows_added,
            (
                select coalesce(sum(councils_included), 0) as council_rows
                from {{ ref(table ~ '_published') }}
                where area_type = 'region'
            ) as region_rows_added
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select *
from checks
where
    england_rows_added <> mart_rows
    or region_rows_added <> mart_rows_with_region
