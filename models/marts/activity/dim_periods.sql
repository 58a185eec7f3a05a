-- The calendar the activity series are keyed by: one row per calendar month,
-- financial quarter and financial year holding a month that some council's
-- files cover (int_council_periods_covered). councils_covering counts the
-- councils whose files cover every month of the period: only they have rows
-- for it in the activity marts, and England's and the regions' rows add them.
with council_periods as (
    select
        la_code,
        period_id,
        period_type,
        period_label,
        period_start_date,
        period_end_date,
        financial_year_label,
        financial_quarter,
        is_covered
    from {{ ref('int_council_periods_covered') }}
),

periods as (
    select
        period_id,
        period_type,
        period_label,
        period_start_date,
        period_end_date,
        financial_year_label,
        financial_quarter,
        cast(sum(case when is_covered then 1 else 0 end) as int)
            as councils_covering,
        cast(count(*) as int) as councils_with_data
    from council_periods
    group by 1, 2, 3, 4, 5, 6, 7
)

select * from periods
