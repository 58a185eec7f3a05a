-- Reviews of service users held with the person (method 'service user only'
-- or 'service user and carer') and what followed (LTS002a/b; shared/reference/
-- salt_ascof_rules.md §5.8). Unplanned reviews: the sequel is the review
-- reason itself. Planned reviews: when the outcome says something happens next
-- (progress to reablement, assessment or review, or support planning) and a
-- nursing or residential service starts after the review ends and by the
-- period end, the sequel is that admission (the earliest); otherwise none.
-- support_setting: the person's highest long-term setting running on the
-- review's start day ('Residential or nursing', 'Community' or 'Prison'; NULL
-- if none). Rows come from each council's latest submission covering the
-- period (regime a, §2.2), as the LTS001 cohorts the reviews belong to.
with reporting_periods as (
    select period_end_date
    from {{ ref('int_reporting_periods') }}
),

reviews as (
    select
        event_id,
        la_code,
        person_id,
        event_start_date,
        event_end_date,
        event_outcome_code,
        review_reason_code,
        method_of_review_code
    from {{ ref('int_events_latest_submission') }}
    where
        client_type_code = 'service_user'
        and event_type_code = 'review'
        and method_of_review_code in ('service_user_only', 'service_user_and_carer')
),

long_term_services as (
    select
        la_code,
        person_id,
        event_start_date,
        event_end_date,
        service_type_code,
        setting_rank
    from {{ ref('int_long_term_services_ranked') }}
),

settings_at_review as (
    select
        reviews.event_id,
        min(long_term_services.setting_rank) as setting_rank
    from reviews
    inner join long_term_services
        on
            reviews.la_code = long_term_services.la_code
            and reviews.person_id = long_term_services.person_id
            and reviews.event_start_date >= long_term_services.event_start_date
            and coalesce(
                reviews.event_start_date <= long_term_services.event_end_date, true
            )
    group by 1
),

admissions as (
    select
        reviews.event_id,
        long_term_services.service_type_code,
        row_number() over (
            partition by reviews.event_id
            order by
                long_term_services.event_start_date, long_term_services.setting_rank
        ) as admission_rank
    from reviews
    cross join reporting_periods
    inner join long_term_services
        on
            reviews.la_code = long_term_services.la_code
            and reviews.person_id = long_term_services.person_id
            and long_term_services.service_type_code
            in ('lt_nursing_care', 'lt_residential_care')
            and reviews.event_end_date < long_term_services.event_start_date
            and reporting_periods.period_end_date >= long_term_services.event_start_date
    where
        reviews.review_reason_code = 'planned'
        and reviews.event_outcome_code in (
            'progress_to_reablement_st_max', 'progress_to_reassessment',
            'progress_to_reassessment_or_unplanned_review', 'progress_to_assessment',
            'progress_to_assessment_or_unplanned_review',
            'progress_to_assessment_review_or_reassessment',
            'progress_to_support_planning_or_services'
        )
)

select
    reviews.event_id,
    reviews.la_code,
    reviews.person_id,
    reviews.event_start_date,
    reviews.event_end_date,
    reviews.review_reason_code,
    reviews.event_outcome_code,
    case
        when reviews.review_reason_code like 'unplanned%' then 'unplanned'
        when reviews.review_reason_code = 'planned' then 'planned'
        else 'other'
    end as review_type,
    case
        when settings_at_review.setting_rank <= 2 then 'Residential or nursing'
        when settings_at_review.setting_rank <= 6 then 'Community'
        when settings_at_review.setting_rank is not null then 'Prison'
    end as support_setting,
    case
        when
            reviews.review_reason_code like 'unplanned%'
            then reviews.review_reason_code
        when admissions.service_type_code = 'lt_nursing_care' then 'Nursing'
        when admissions.service_type_code = 'lt_residential_care' then 'Residential'
    end as sequel
from reviews
left join settings_at_review
    on reviews.event_id = settings_at_review.event_id
left join admissions
    on reviews.event_id = admissions.event_id and admissions.admission_rank = 1
