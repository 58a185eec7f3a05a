-- The one reporting period every journey, SALT and ASCOF model uses: vars
-- period_start and period_end when set (a period_end alone gives the year
-- ending then); else a 12-month period chosen by the councils, so that no
-- single file can move it. Candidates are the 12 months ending at each stated
-- period end, and each financial year (1 April to 31 March) ending on or before
-- one. A council covers a candidate when one of its loaded files with a
-- plausible stated period (int_submissions_registered) states a period holding
-- it and was received after it ended; the councils that count are those that
-- sent such a file since the period began, covering or not (a council that
-- stopped sending files before then does not count against it). Chosen: the
-- latest financial year more than half of those councils cover, else the latest
-- 12 months; with no such majority, the candidate most councils cover
-- (financial years first, then the latest); with no plausible file at all, the
-- last financial year before today. Only files received by var
-- submissions_as_of count. The snapshot date is the period end; the cost
-- window (activity_costs, var cost_window_months) is its last months.
-- A table, not the folder's view: every journey and statistics model reads this
-- one row, and as a view Spark planned the choice again inside each of them
-- (ascof_measures ran out of memory while planning).
{{ config(
    materialized='table',
    post_hook="{{ log_reporting_period() }}"
) }}
{%- set received_by_as_of = "received_date <= cast('" ~ var('submissions_as_of')
    ~ "' as date)" if var('submissions_as_of') else 'true' %}
{%- set year_end_before -%}
    cast(concat(cast(
        extract(year from stated_period_end_date)
        - case
            when
                extract(month from stated_period_end_date) < 3
                or (
                    extract(month from stated_period_end_date) = 3
                    and extract(day from stated_period_end_date) < 31
                )
                then 1
            else 0
        end as {{ dbt.type_string() }}), '-03-31') as date)
{%- endset %}

with submissions as (
    select
        la_code,
        stated_period_start_date,
        stated_period_end_date,
        received_date
    from {{ ref('int_submissions_registered') }}
    where
        status = 'loaded'
        and is_period_plausible
        and la_code is not null
        and {{ received_by_as_of }}
),

candidate_ends as (
    select stated_period_end_date as period_end_date
    from submissions

    union all

    select {{ year_end_before }} as period_end_date
    from submissions
),

candidates as (
    select
        period_end_date,
        cast(
            {{ dbt.dateadd('day', 1, dbt.dateadd('year', -1, 'period_end_date')) }}
            as date
        ) as period_start_date,
        extract(month from period_end_date) = 3
        and extract(day from period_end_date) = 31 as is_financial_year
    from candidate_ends
    group by 1
),

-- Per candidate: the councils that sent a file since it began, and those of
-- them with a file covering it, received after it ended.
coverage as (
    select
        candidates.period_end_date,
        candidates.period_start_date,
        candidates.is_financial_year,
        count(
            distinct case
                when
                    candidates.period_start_date >= submissions.stated_period_start_date
                    and candidates.period_end_date <= submissions.stated_period_end_date
                    and candidates.period_end_date < submissions.received_date
                    then submissions.la_code
            end
        ) as councils_covering,
        count(distinct submissions.la_code) as councils_active
    from candidates
    inner join submissions
        on candidates.period_start_date <= submissions.received_date
    group by 1, 2, 3
),

ranked as (
    select
        period_end_date,
        councils_covering,
        councils_active,
        row_number() over (
            order by
                case when 2 * councils_covering > councils_active then 0 else 1 end,
                -- without a majority: the most councils first
                case
                    when 2 * councils_covering > councils_active then 0
                    else councils_covering
                end desc,
                case when is_financial_year then 0 else 1 end,
                period_end_date desc
        ) as choice_rank
    from coverage
    where councils_covering > 0
),

chosen as (
    select
        max(period_end_date) as period_end_date,
        max(councils_covering) as councils_covering,
        max(councils_active) as councils_active
    from ranked
    where choice_rank = 1
),

default_period as (
    select
        coalesce(
            period_end_date,
            -- no plausible loaded submission: the last financial year before today
            cast(concat(cast(
                extract(year from current_date)
                - case when extract(month from current_date) < 4 then 1 else 0 end
                as {{ dbt.type_string() }}
            ), '-03-31') as date)
        ) as period_end_date,
        case
            when period_end_date is null then 'no plausible submission'
            when 2 * councils_covering > councils_active
                then 'covered by most councils'
            else 'covered by the most councils, fewer than half'
        end as period_choice
    from chosen
),

effective_period as (
    select
        {% if var('period_end') %}
            cast('{{ var("period_end") }}' as date) as period_end_date,
            'vars' as period_choice
        {% else %}
            period_end_date,
            period_choice
        {% endif %}
    from default_period
),

periods as (
    select
        {% if var('period_start') %}
            cast('{{ var("period_start") }}' as date) as period_start_date,
        {% else %}
            cast(
                {{ dbt.dateadd('day', 1, dbt.dateadd('year', -1, 'period_end_date')) }}
                as date
            ) as period_start_date,
        {% endif %}
        period_end_date,
        {% if var('period_start') %}
            'vars' as period_choice
        {% else %}
            period_choice
        {% endif %}
    from effective_period
),

-- The councils counted and covering for the period finally used (vars too).
periods_covered as (
    select
        periods.period_end_date,
        count(
            distinct case
                when
                    periods.period_start_date >= submissions.stated_period_start_date
                    and periods.period_end_date <= submissions.stated_period_end_date
                    and periods.period_end_date < submissions.received_date
                    then submissions.la_code
            end
        ) as councils_covering,
        count(distinct submissions.la_code) as councils_active
    from periods
    inner join submissions
        on periods.period_start_date <= submissions.received_date
    group by 1
)

select
    periods.period_start_date,
    periods.period_end_date,
    -- costs' window (activity_costs): the period's last months, counted back
    -- from the day after the end (30 June less 3 months would be 30 March)
    cast({{ dbt.dateadd(
        'month', -(var('cost_window_months') | int),
        dbt.dateadd('day', 1, 'periods.period_end_date')
    ) }} as date) as cost_window_start_date,
    {% if var('submissions_as_of') %}
        cast('{{ var("submissions_as_of") }}' as date) as submissions_as_of_date,
    {% else %}
        cast(null as date) as submissions_as_of_date,
    {% endif %}
    periods.period_choice,
    cast(coalesce(periods_covered.councils_covering, 0) as int) as councils_covering,
    cast(coalesce(periods_covered.councils_active, 0) as int)
        as councils_active
from periods
left join periods_covered
    on periods.period_end_date = periods_covered.period_end_date
