with episodes as (
    select
        service_episode_id,
        la_code,
        person_id,
        episode_number,
        episode_start_date,
        episode_end_date,
        service_count,
        highest_setting_rank,
        highest_salt_setting,
        highest_broad_setting,
        latest_service_type_code,
        latest_delivery_mechanism_code,
        latest_salt_setting,
        is_part_direct_payment
    from {{ ref('int_service_episodes_chained') }}
),

reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
)

select
    episodes.service_episode_id,
    {{ cld_person_key('episodes.la_code', 'episodes.person_id') }}
        as person_key,
    episodes.la_code,
    episodes.episode_number,
    episodes.episode_start_date,
    episodes.episode_end_date,
    episodes.service_count,
    cast(episodes.highest_setting_rank as int) as highest_setting_rank,
    episodes.highest_salt_setting,
    episodes.highest_broad_setting,
    episodes.latest_service_type_code,
    episodes.latest_delivery_mechanism_code,
    episodes.latest_salt_setting,
    episodes.is_part_direct_payment,
    episodes.episode_start_date <= reporting_periods.period_end_date
    and coalesce(
        episodes.episode_end_date >= reporting_periods.period_start_date, true
    ) as is_active_in_period,
    episodes.episode_start_date <= reporting_periods.period_end_date
    and coalesce(
        episodes.episode_end_date >= reporting_periods.period_end_date, true
    ) as is_active_at_period_end,
    -- LTS001c: running at the snapshot and begun a year before it (var
    -- lts001c_cutoff, macro lts001c_started_by_cutoff)
    episodes.episode_start_date <= reporting_periods.period_end_date
    and coalesce(
        episodes.episode_end_date >= reporting_periods.period_end_date, true
    )
    and {{ lts001c_started_by_cutoff(
        'episodes.episode_start_date', 'reporting_periods.period_end_date'
    ) }} as is_longer_than_12_months_at_period_end
from episodes
cross join reporting_periods
