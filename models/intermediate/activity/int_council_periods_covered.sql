-- One row per council and period (calendar month, financial quarter, financial
-- year: 1 April to 31 March) holding a month that one of the council's loaded
-- files in the history covers (int_submissions_selected.is_in_history), and
-- whether its files cover every month of it (is_covered): the periods its
-- activity series show. A file covers the months of its derived
-- reporting period (DHSC's V1, dhsc_pipeline.md §1.2), or of its stated period
-- by var activity_period_basis; a file with no derived period (no dated event
-- before its import month) falls back to its plausible stated period. Months
-- outside every file of a council have no row, so a gap reads as missing, not
-- as zero activity. Labels follow DHSC's dashboard calendar (dhsc_pipeline.md
-- §6.2): months '2025-04', quarters '25-26_Q1', financial years '2025-26'. The
-- month spine starts at var cld_collection_start_date.
-- A table, not the folder's view: on Spark its SQL (dbt-spark's date macros
-- spelled out) is longer than the metastore keeps for a view (32,700 chars).
{{ config(materialized='table') }}
{%- set basis = var('activity_period_basis') %}
{%- if basis not in ['stated', 'derived'] %}
    {{ exceptions.raise_compiler_error(
        "var activity_period_basis must be 'stated' or 'derived', not " ~ basis) }}
{%- endif %}

with history_submissions as (
    select submission_id
    from {{ ref('int_submissions_selected') }}
    where is_in_history
),

submissions as (
    select
        registered.la_code,
        {% if basis == 'derived' %}
            case
                when registered.derived_period_start_date is not null
                    then registered.derived_period_start_date
                when registered.is_period_plausible
                    then registered.stated_period_start_date
            end as covered_start_date,
            case
                when registered.derived_period_start_date is not null
                    then registered.derived_period_end_date
                when registered.is_period_plausible
                    then registered.stated_period_end_date
            end as covered_end_date
        {% else %}
            case
                when registered.is_period_plausible
                    then registered.stated_period_start_date
            end as covered_start_date,
            case
                when registered.is_period_plausible
                    then registered.stated_period_end_date
            end as covered_end_date
        {% endif %}
    from {{ ref('int_submissions_registered') }} as registered
    inner join history_submissions
        on registered.submission_id = history_submissions.submission_id
),

-- 40 years of months: years x months of two short sequences, as Spark's
-- metastore cannot keep a view holding a 480-row VALUES list.
spine_years as (
    {{ integer_sequence(40, 'year_number') }}
),

spine_months as (
    {{ integer_sequence(12, 'month_of_year') }}
),

month_offsets as (
    select
        12 * (spine_years.year_number - 1) + spine_months.month_of_year - 1
            as month_offset
    from spine_years
    cross join spine_months
),

months as (
    select
        cast({{ dbt.dateadd(
            'month', 'month_offset',
            "cast('" ~ var('cld_collection_start_date') ~ "' as date)"
        ) }} as date) as month_start_date
    from month_offsets
),

months_ended as (
    select
        month_start_date,
        cast({{ dbt.last_day('month_start_date', 'month') }} as date)
            as month_end_date
    from months
),

-- A month counts when the file covers all of it.
council_months as (
    select
        submissions.la_code,
        months.month_start_date
    from submissions
    inner join months_ended as months
        on
            submissions.covered_start_date <= months.month_start_date
            and submissions.covered_end_date >= months.month_end_date
    group by 1, 2
),

months_dated as (
    select
        la_code,
        month_start_date,
        cast({{ dbt.last_day('month_start_date', 'month') }} as date)
            as month_end_date,
        cast(
            extract(year from month_start_date)
            - case when extract(month from month_start_date) < 4 then 1 else 0 end
            as int
        ) as financial_year_start,
        cast(
            floor(mod(extract(month from month_start_date) + 8, 12) / 3) + 1 as int
        ) as financial_quarter
    from council_months
),

months_in_periods as (
    select
        'month' as period_type,
        la_code,
        month_start_date as period_start_date,
        month_end_date as period_end_date,
        financial_year_start,
        financial_quarter,
        1 as months_in_period
    from months_dated

    union all

    select
        'quarter' as period_type,
        la_code,
        cast({{ dbt.dateadd(
            'month', '3 * (financial_quarter - 1)',
            "cast(concat(cast(financial_year_start as " ~ dbt.type_string()
            ~ "), '-04-01') as date)"
        ) }} as date) as period_start_date,
        cast({{ dbt.dateadd(
            'day', -1, dbt.dateadd(
                'month', '3 * financial_quarter',
                "cast(concat(cast(financial_year_start as " ~ dbt.type_string()
                ~ "), '-04-01') as date)"
            )
        ) }} as date) as period_end_date,
        financial_year_start,
        financial_quarter,
        3 as months_in_period
    from months_dated

    union all

    select
        'financial_year' as period_type,
        la_code,
        cast(
            concat(cast(financial_year_start as {{ dbt.type_string() }}), '-04-01')
            as date
        ) as period_start_date,
        cast(
            concat(cast(financial_year_start + 1 as {{ dbt.type_string() }}), '-03-31')
            as date
        ) as period_end_date,
        financial_year_start,
        cast(null as int) as financial_quarter,
        12 as months_in_period
    from months_dated
),

council_periods as (
    select
        period_type,
        la_code,
        period_start_date,
        period_end_date,
        financial_year_start,
        financial_quarter,
        count(*) = max(months_in_period) as is_covered
    from months_in_periods
    group by 1, 2, 3, 4, 5, 6
),

council_periods_labelled as (
    select
        la_code,
        period_type,
        period_start_date,
        period_end_date,
        is_covered,
        financial_quarter,
        concat(
            cast(financial_year_start as {{ dbt.type_string() }}), '-',
            substr(cast(financial_year_start + 1 as {{ dbt.type_string() }}), 3, 2)
        ) as financial_year_label,
        case period_type
            when 'month'
                then substr(
                    cast(period_start_date as {{ dbt.type_string() }}), 1, 7
                )
            when 'quarter'
                then concat(
                    substr(cast(financial_year_start as {{ dbt.type_string() }}), 3, 2),
                    '-',
                    substr(
                        cast(financial_year_start + 1 as {{ dbt.type_string() }}), 3, 2
                    ),
                    '_Q',
                    cast(financial_quarter as {{ dbt.type_string() }})
                )
            else concat(
                cast(financial_year_start as {{ dbt.type_string() }}), '-',
                substr(cast(financial_year_start + 1 as {{ dbt.type_string() }}), 3, 2)
            )
        end as period_label
    from council_periods
)

select
    la_code,
    concat(period_type, '_', period_label) as period_id,
    period_type,
    period_label,
    period_start_date,
    period_end_date,
    financial_year_label,
    financial_quarter,
    is_covered
from council_periods_labelled
