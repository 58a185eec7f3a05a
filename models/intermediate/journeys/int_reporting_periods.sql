-- The one reporting period every journey, SALT and ASCOF model uses: vars
-- period_start and period_end when set (a period_end alone gives the year
-- ending then), else the latest complete financial year (1 April to 31 March)
-- that at least one loaded submission covers in full and was received after;
-- when no file covers a whole financial year (e.g. only rolling 12-month files
-- ending in June), the 12 months ending at the latest stated period end, so
-- the latest files still cover the period; with no loaded submission, the
-- last financial year before today. Only files received by var
-- submissions_as_of count. The snapshot date is the period end.
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
        stated_period_start_date,
        stated_period_end_date,
        received_date,
        {{ year_end_before }} as financial_year_end_date
    from {{ ref('dim_submissions') }}
    where
        status = 'loaded'
        and stated_period_end_date is not null
        and {{ received_by_as_of }}
),

year_ends as (
    select
        max(
            case
                when
                    stated_period_start_date <= cast(
                        {{ dbt.dateadd('day', 1, dbt.dateadd(
                            'year', -1, 'financial_year_end_date')) }} as date
                    )
                    and received_date > financial_year_end_date
                    then financial_year_end_date
            end
        ) as covered_year_end_date,
        max(stated_period_end_date) as latest_stated_end_date
    from submissions
),

default_period as (
    select
        coalesce(
            covered_year_end_date,
            latest_stated_end_date,
            -- no loaded submission at all: the last financial year before today
            cast(concat(cast(
                extract(year from current_date)
                - case when extract(month from current_date) < 4 then 1 else 0 end
                as {{ dbt.type_string() }}
            ), '-03-31') as date)
        ) as period_end_date
    from year_ends
),

effective_period as (
    select
        {% if var('period_end') %}
            cast('{{ var("period_end") }}' as date) as period_end_date
        {% else %}
            period_end_date
        {% endif %}
    from default_period
)

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
    {% if var('submissions_as_of') %}
        cast('{{ var("submissions_as_of") }}' as date) as submissions_as_of_date
    {% else %}
        cast(null as date) as submissions_as_of_date
    {% endif %}
from effective_period
