-- One row per council and carer with support active in the period (each
-- council's latest submission covering it), alive at the period start: the
-- carer's best SALT LTS003 category and best ASCOF 3D category (the 3D
-- variant also counts a Direct Payment component as a direct payment;
-- int_carer_support_classified, shared/reference/salt_ascof_rules.md §4.10),
-- and the age at the period end (NULL without a birth date). The age and the
-- date of death are the person's (int_people_resolved: from all the person's
-- rows), as in every SALT table.
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

carer_events as (
    select
        carer_events.la_code,
        carer_events.person_id,
        carer_events.support_rank,
        carer_events.ascof_3d_support_rank
    from {{ ref('int_carer_support_classified') }} as carer_events
    cross join reporting_periods
    where
        carer_events.event_start_date <= reporting_periods.period_end_date
        and coalesce(
            carer_events.event_end_date >= reporting_periods.period_start_date, true
        )
),

carers as (
    select
        la_code,
        person_id,
        min(support_rank) as support_rank,
        min(ascof_3d_support_rank) as ascof_3d_support_rank
    from carer_events
    group by 1, 2
),

person_attributes as (
    -- the person's, not this model's rows' (doc person_attributes_rule)
    {{ person_attributes(['date_of_death', 'age_at_period_end'], false) }}
)

select
    carers.la_code,
    carers.person_id,
    {{ carer_support_category_named('carers.support_rank') }} as support_provided,
    cast(carers.support_rank as int) as support_rank,
    {{ carer_support_category_named('carers.ascof_3d_support_rank') }}
        as ascof_3d_support_provided,
    cast(carers.ascof_3d_support_rank as int) as ascof_3d_support_rank,
    person_attributes.age_at_period_end
from carers
cross join reporting_periods
left join person_attributes
    on
        carers.la_code = person_attributes.la_code
        and carers.person_id = person_attributes.person_id
where
    coalesce(
        person_attributes.date_of_death >= reporting_periods.period_start_date, true
    )
