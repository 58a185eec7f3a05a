-- Reconciliation: every non-blank data record of every loaded file (not
-- quarantined, not a copy of an earlier file) is exactly one staged row, and every
-- staged row comes from such a record. Returns the records that break it, with
-- the side they are missing from.
with quarantined_files as (
    select file_name
    from {{ ref('base_cld__file_statuses') }}
    where not is_loaded
),

landed_data_records as (
    select
        file_name,
        line_number
    from {{ ref('base_cld__submission_records') }}
    where
        record_number > 1
        and not is_blank_record
        and file_name not in (select quarantined_files.file_name from quarantined_files)
),

staged_rows as (
    select
        submission_id as file_name,
        line_number
    from {{ ref('stg_cld__submission_rows') }}
)

select
    landed_data_records.file_name,
    landed_data_records.line_number,
    'not staged' as problem
from landed_data_records
left join staged_rows
    on
        landed_data_records.file_name = staged_rows.file_name
        and landed_data_records.line_number = staged_rows.line_number
where staged_rows.file_name is null

union all

select
    staged_rows.file_name,
    staged_rows.line_number,
    'staged without a landed record' as problem
from staged_rows
left join landed_data_records
    on
        staged_rows.file_name = landed_data_records.file_name
        and staged_rows.line_number = landed_data_records.line_number
where landed_data_records.file_name is null
