-- One row per loaded submission with the two ways outputs choose files
-- (shared/reference/salt_ascof_rules.md §2.2, dhsc_pipeline.md §1.4):
-- is_in_history: received on or before var submissions_as_of (every file when
-- unset), read by the whole-history outputs; is_latest_covering: the council's
-- latest such file whose period (stated or derived, var
-- submission_period_basis) covers the whole reporting period and that was
-- received after the period ended. A file whose stated period is impossible
-- (int_submissions_registered.stated_period_issue) never covers a period: its
-- rows stay in the history, but it cannot replace the council's covering file.
-- Only loaded files count, each for its own council (base_cld__file_statuses).
-- A table, not the folder's view: the journeys and every statistics model
-- (macro council_cells_filled) read it; see int_reporting_periods.
{{ config(materialized='table') }}
{%- set basis = var('submission_period_basis') %}
{%- if basis not in ['stated', 'derived'] %}
    {{ exceptions.raise_compiler_error(
        "var submission_period_basis must be 'stated' or 'derived', not " ~ basis) }}
{%- endif %}

with submissions as (
    select
        submission_id,
        la_code,
        received_date,
        {{ basis }}_period_start_date as covered_start_date,
        {{ basis }}_period_end_date as covered_end_date,
        is_period_plausible
    from {{ ref('int_submissions_registered') }}
    where status = 'loaded' and la_code is not null
),

reporting_periods as (
    select
        period_start_date,
        period_end_date,
        submissions_as_of_date
    from {{ ref('int_reporting_periods') }}
),

candidates as (
    select
        submissions.submission_id,
        submissions.la_code,
        submissions.received_date,
        coalesce(
            submissions.received_date <= reporting_periods.submissions_as_of_date, true
        ) as is_in_history,
        coalesce(
            submissions.is_period_plausible
            and submissions.covered_start_date <= reporting_periods.period_start_date
            and submissions.covered_end_date >= reporting_periods.period_end_date
            and submissions.received_date > reporting_periods.period_end_date,
            false
        ) as covers_period
    from submissions
    cross join reporting_periods
),

ranked as (
    select
        *,
        row_number() over (
            partition by la_code, is_in_history and covers_period
            order by received_date desc, submission_id desc
        ) as covering_rank
    from candidates
)

select
    submission_id,
    la_code,
    received_date,
    is_in_history,
    covers_period,
    is_in_history and covers_period and covering_rank = 1 as is_latest_covering
from ranked
