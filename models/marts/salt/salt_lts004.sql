-- SALT LTS004: working-age (18 to 64) clients with a learning disability who
-- had long-term support in the period (int_long_term_statuses_resolved, cohort
-- lts004), by gender and their latest known status:
--   Table 1   employment status (status group Paid / Not in paid employment);
--   Table 2a  accommodation status, settled; Table 2b unsettled.
-- People with no valid status of a kind are counted in that kind's
-- 'NULL/Invalid' row (table part 'Table 1' or 'Table 2'), so each kind
-- counts every person of the cohort once.
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

clients as (
    select
        la_code,
        gender_code,
        accommodation_status_code,
        employment_status_code
    from {{ ref('int_long_term_statuses_resolved') }}
    where cohort_code = 'lts004'
),

labels as (
    select
        field_name,
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
    where field_name in ('gender', 'accommodation_status', 'employment_status')
),

status_groups as (
    select
        field_name,
        code,
        status_group
    from {{ ref('salt_status_groups') }}
),

statuses as (
    select
        la_code,
        gender_code,
        'employment_status' as field_name,
        employment_status_code as status_code
    from clients
    union all
    select
        la_code,
        gender_code,
        'accommodation_status' as field_name,
        accommodation_status_code as status_code
    from clients
),

described_statuses as (
    select
        statuses.la_code,
        case
            when statuses.field_name = 'employment_status' then 'Table 1'
            when status_groups.status_group = 'Settled' then 'Table 2a'
            when status_groups.status_group = 'Unsettled' then 'Table 2b'
            else 'Table 2'
        end as table_part,
        coalesce(gender_labels.display_label, 'Invalid/NULL') as gender,
        coalesce(status_groups.status_group, 'NULL/Invalid') as status_group,
        coalesce(status_labels.display_label, 'NULL/Invalid') as status
    from statuses
    left join status_groups
        on
            statuses.field_name = status_groups.field_name
            and statuses.status_code = status_groups.code
    left join labels as status_labels
        on
            statuses.field_name = status_labels.field_name
            and statuses.status_code = status_labels.code
    left join labels as gender_labels
        on
            statuses.gender_code = gender_labels.code
            and gender_labels.field_name = 'gender'
),

counted as (
    select
        la_code,
        table_part,
        gender,
        status_group,
        status,
        count(*) as people_count
    from described_statuses
    group by 1, 2, 3, 4, 5
),

-- The table's fixed cells (macro council_cells_filled): each gender with each
-- status of its kind, and each kind's NULL/Invalid row.
genders as (
    select display_label as gender
    from labels
    where field_name = 'gender'
    union all
    select 'Invalid/NULL' as gender
),

grouped_statuses as (
    select
        case
            when status_groups.field_name = 'employment_status' then 'Table 1'
            when status_groups.status_group = 'Settled' then 'Table 2a'
            else 'Table 2b'
        end as table_part,
        status_groups.status_group,
        coalesce(status_labels.display_label, 'NULL/Invalid') as status
    from status_groups
    left join labels as status_labels
        on
            status_groups.field_name = status_labels.field_name
            and status_groups.code = status_labels.code
    union all
    select
        'Table 1' as table_part,
        'NULL/Invalid' as status_group,
        'NULL/Invalid' as status
    union all
    select
        'Table 2' as table_part,
        'NULL/Invalid' as status_group,
        'NULL/Invalid' as status
),

template_cells as (
    select
        grouped_statuses.table_part,
        genders.gender,
        grouped_statuses.status_group,
        grouped_statuses.status
    from genders
    cross join grouped_statuses
    group by 1, 2, 3, 4
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['table_part', 'gender', 'status_group', 'status'],
    ['people_count']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.table_part,
    cells_filled.gender,
    cells_filled.status_group,
    cells_filled.status,
    cast(cells_filled.people_count as bigint) as people_count
from cells_filled
cross join reporting_periods
