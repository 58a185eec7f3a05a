-- The submission registry (int_submissions_registered) as published, with
-- each council's latest loaded file flagged (latest received, then file name).
with submissions_registered as (
    select
        submission_id,
        file_name,
        status,
        quarantine_reason,
        duplicate_of_submission_id,
        file_content_hash,
        la_code,
        la_code_source,
        file_name_la_code,
        distinct_la_codes,
        stated_period_start_date,
        stated_period_end_date,
        stated_period_count,
        stated_period_rows,
        stated_period_issue,
        is_period_plausible,
        derived_period_start_date,
        derived_period_end_date,
        received_date,
        received_date_source,
        header_style,
        spec_release_detected,
        release_2_only_values,
        release_1_only_values,
        v4_only_values,
        file_encoding,
        file_size_bytes,
        header_column_count,
        unmapped_column_count,
        missing_column_count,
        duplicated_column_count,
        rows_read,
        rows_staged,
        rows_quarantined,
        case
            when status = 'loaded' and la_code is not null then
                row_number() over (
                    partition by la_code, status
                    order by received_date desc, submission_id desc
                )
        end as loaded_recency_rank
    from {{ ref('int_submissions_registered') }}
)

select
    submission_id,
    file_name,
    status,
    quarantine_reason,
    duplicate_of_submission_id,
    file_content_hash,
    la_code,
    la_code_source,
    file_name_la_code,
    distinct_la_codes,
    stated_period_start_date,
    stated_period_end_date,
    stated_period_count,
    stated_period_rows,
    stated_period_issue,
    is_period_plausible,
    derived_period_start_date,
    derived_period_end_date,
    received_date,
    received_date_source,
    header_style,
    spec_release_detected,
    release_2_only_values,
    release_1_only_values,
    v4_only_values,
    file_encoding,
    file_size_bytes,
    header_column_count,
    unmapped_column_count,
    missing_column_count,
    duplicated_column_count,
    rows_read,
    rows_staged,
    rows_quarantined,
    coalesce(loaded_recency_rank = 1, false) as is_latest_loaded
from submissions_registered
