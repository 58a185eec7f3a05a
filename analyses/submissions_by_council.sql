-- Landed submissions per council: how many files, their periods, releases and
-- header styles, and whether every data line reached staging. A first look after
-- landing a quarter (dbt compile, then run the compiled SQL).
with submissions as (
    select
        la_code,
        submission_id,
        stated_period_start_date,
        stated_period_end_date,
        received_date,
        spec_release_detected,
        header_style,
        rows_read,
        rows_staged
    from {{ ref('dim_submissions') }}
)

select
    la_code,
    count(*) as submissions,
    min(stated_period_start_date) as earliest_period_start_date,
    max(stated_period_end_date) as latest_period_end_date,
    max(received_date) as latest_received_date,
    {{ dbt.listagg('distinct spec_release_detected', "', '") }} as releases,
    {{ dbt.listagg('distinct header_style', "', '") }} as header_styles,
    sum(rows_read) as rows_read,
    sum(rows_read - rows_staged) as rows_not_staged
from submissions
group by 1
