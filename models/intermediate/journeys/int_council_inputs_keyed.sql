-- One row per council with a loaded submission: a key of everything its
-- journeys are built from (its submissions in the history, their content, which
-- one is the latest covering the period, and the reporting period itself). The
-- models stored council by council (delete_stale_partitions) rebuild a council
-- whose key changed, and only that council; a new reporting period changes
-- every council's key, so every council is rebuilt.
with submissions as (
    select
        selected.la_code,
        selected.submission_id,
        registered.file_content_hash,
        selected.received_date,
        selected.is_in_history,
        selected.covers_period,
        selected.is_latest_covering
    from {{ ref('int_submissions_selected') }} as selected
    inner join {{ ref('int_submissions_registered') }} as registered
        on selected.submission_id = registered.submission_id
),

reporting_periods as (
    select
        period_start_date,
        period_end_date,
        submissions_as_of_date
    from {{ ref('int_reporting_periods') }}
),

council_submissions as (
    select
        la_code,
        {{ string_agg_ordered(
            dbt.concat([
                'submission_id', "':'", 'file_content_hash', "':'",
                'cast(received_date as ' ~ dbt.type_string() ~ ')', "':'",
                "case when is_in_history then 'h' else '-' end",
                "case when covers_period then 'c' else '-' end",
                "case when is_latest_covering then 'l' else '-' end"
            ]),
            'submission_id',
            "'|'"
        ) }} as submissions_text
    from submissions
    group by 1
)

select
    council_submissions.la_code,
    {{ dbt.hash(dbt.concat([
        "coalesce(cast(reporting_periods.period_start_date as "
            ~ dbt.type_string() ~ "), '')", "'/'",
        "coalesce(cast(reporting_periods.period_end_date as "
            ~ dbt.type_string() ~ "), '')", "'/'",
        "coalesce(cast(reporting_periods.submissions_as_of_date as "
            ~ dbt.type_string() ~ "), '')", "'/'",
        'council_submissions.submissions_text'
    ])) }} as council_input_key
from council_submissions
cross join reporting_periods
