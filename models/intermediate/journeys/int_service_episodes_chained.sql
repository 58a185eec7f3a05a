-- Long-term support episodes: a person's long-term services in one council
-- chained across settings while each starts at most 1 day after the latest end
-- so far (running maximum; shared/reference/salt_ascof_rules.md §2.7, LTS001c).
-- Per episode: start (the chain start LTS001c tests), end (NULL while a
-- service is open), the highest setting reached (§4.7), the setting and
-- mechanism of the latest-starting service, and whether a community direct
-- payment ran at the same time as other community support. That last flag is
-- this warehouse's part-direct-payment rule (SALT's "Part Direct Payment"
-- column, which neither NHS England's code nor its principles derive, §4.8):
-- a direct payment overlapping, on at least one day, a community service
-- delivered another way.
-- Stored, not the folder's view: its tests and children each re-derived the
-- view at national scale (about 1.5 minutes a reader, scripts/benchmark.py).
-- Stored council by council (int_council_inputs_keyed): a resubmission
-- rebuilds only its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
with services as (
    select *
    from {{ ref('int_long_term_services_ranked') }}
    where event_start_date is not null and {{ is_partition_unbuilt('la_code') }}
),

service_islands as (
    {{ cld_islands('services', 'la_code, person_id', 1, 'event_id') }}
),

episodes as (
    select
        la_code,
        person_id,
        island_number,
        min(event_start_date) as episode_start_date,
        case
            when count(event_end_date) = count(*) then max(event_end_date)
        end as episode_end_date,
        min(setting_rank) as highest_setting_rank,
        cast(count(*) as bigint) as service_count
    from service_islands
    group by 1, 2, 3
),

latest_services as (
    select
        la_code,
        person_id,
        island_number,
        service_type_code,
        cleaned_delivery_mechanism_code,
        salt_setting,
        row_number() over (
            partition by la_code, person_id, island_number
            order by event_start_date desc, setting_rank asc, event_id asc
        ) as recency_rank
    from service_islands
),

part_direct_payments as (
    select
        direct_payments.la_code,
        direct_payments.person_id,
        direct_payments.island_number
    from service_islands as direct_payments
    inner join service_islands as other_community
        on
            direct_payments.la_code = other_community.la_code
            and direct_payments.person_id = other_community.person_id
            and direct_payments.island_number = other_community.island_number
            and other_community.service_type_code = 'lt_community'
            and other_community.setting_rank > 3
            and other_community.event_start_date
            <= coalesce(direct_payments.event_end_date, cast('9000-01-01' as date))
            and direct_payments.event_start_date
            <= coalesce(other_community.event_end_date, cast('9000-01-01' as date))
    where direct_payments.setting_rank = 3
    group by 1, 2, 3
),

settings as (
    select
        setting_rank,
        min(salt_setting) as salt_setting,
        min(broad_setting) as broad_setting
    from {{ ref('salt_lts_settings') }}
    group by 1
),

episodes_final as (
    select
        {{ dbt.hash(dbt.concat([
            'episodes.la_code', "'|'", 'episodes.person_id', "'|'",
            'cast(episodes.episode_start_date as ' ~ dbt.type_string() ~ ')', "'|'",
            'cast(episodes.island_number as ' ~ dbt.type_string() ~ ')'])) }}
            as service_episode_id,
        episodes.la_code,
        episodes.person_id,
        cast(episodes.island_number as bigint) as episode_number,
        episodes.episode_start_date,
        episodes.episode_end_date,
        episodes.service_count,
        episodes.highest_setting_rank,
        settings.salt_setting as highest_salt_setting,
        settings.broad_setting as highest_broad_setting,
        latest_services.service_type_code as latest_service_type_code,
        latest_services.cleaned_delivery_mechanism_code
            as latest_delivery_mechanism_code,
        latest_services.salt_setting as latest_salt_setting,
        part_direct_payments.person_id is not null as is_part_direct_payment
    from episodes
    inner join latest_services
        on
            episodes.la_code = latest_services.la_code
            and episodes.person_id = latest_services.person_id
            and episodes.island_number = latest_services.island_number
            and latest_services.recency_rank = 1
    left join settings
        on episodes.highest_setting_rank = settings.setting_rank
    left join part_direct_payments
        on
            episodes.la_code = part_direct_payments.la_code
            and episodes.person_id = part_direct_payments.person_id
            and episodes.island_number = part_direct_payments.island_number
),

{{ select_with_council_input_key('episodes_final') }}
