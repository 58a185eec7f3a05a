-- In STS002a every breakdown of an age band and sequel sums to its Total row.
-- Returns the breakdowns that do not.
with totals as (
    select
        la_code,
        age_band,
        sequel,
        episode_count
    from {{ ref('salt_sts002a') }}
    where breakdown = 'Total'
),

breakdowns as (
    select
        la_code,
        age_band,
        sequel,
        breakdown,
        sum(episode_count) as episode_count
    from {{ ref('salt_sts002a') }}
    where breakdown <> 'Total'
    group by 1, 2, 3, 4
)

select
    breakdowns.la_code,
    breakdowns.age_band,
    breakdowns.sequel,
    breakdowns.breakdown,
    breakdowns.episode_count,
    totals.episode_count as total_count
from breakdowns
left join totals
    on
        breakdowns.la_code = totals.la_code
        and breakdowns.age_band = totals.age_band
        and breakdowns.sequel = totals.sequel
where breakdowns.episode_count <> coalesce(totals.episode_count, -1)
