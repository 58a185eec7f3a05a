-- Reconciliation: every non-blank data line of every loaded file (not
-- quarantined, not a copy of an earlier file) is exactly one staged row, and every
-- staged row comes from such a line. Returns the lines that break it, with the
-- side they are missing from.
with quarantined_files as (
    select file_name
    from {{ ref('base_cld__file_statuses') }}
    where not is_loaded
),

landed_data_lines as (
    select
        file_name,
        line_number
    from {{ ref('base_cld__submission_lines') }}
    where
        line_number > 1
        and not is_blank_line
        and file_name not in (select quarantined_files.file_name from quarantined_files)
),

staged_rows as (
    select
        submission_id as file_name,
        line_number
    from {{ ref('stg_cld__submission_rows') }}
)

select
    landed_data_lines.file_name,
    landed_data_lines.line_number,
    'not staged' as problem
from landed_data_lines
left join staged_rows
    on
        landed_data_lines.file_name = staged_rows.file_name
        and landed_data_lines.line_number = staged_rows.line_number
where staged_rows.file_name is null

union all

select
    staged_rows.file_name,
    staged_rows.line_number,
    'staged without a landed line' as problem
from staged_rows
left join landed_data_lines
    on
        staged_rows.file_name = landed_data_lines.file_name
        and staged_rows.line_number = landed_data_lines.line_number
where landed_data_lines.file_name is null
