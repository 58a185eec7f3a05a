{#- The body of SALT LTS002a and LTS002b: reviews held with the person
    (int_review_sequels) that ended in the period, of people in one window of
    int_long_term_clients_resolved ('in_year' for LTS002a, 'over_12_months'
    for LTS002b), by age band at the period end, review type, the person's
    setting on the review day and sequel. Unplanned reviews: the sequel is
    the review reason. Planned reviews: 'Admitted to nursing care' or
    'Admitted to residential care' when a care-home admission followed a
    planned review that led somewhere, else 'No care home admission found'
    (SALT's increased / decreased / suspended support cannot be derived from
    CLD, shared/reference/salt_ascof_rules.md §5.8). -#}
{% macro salt_reviews_by_sequel(window_code) -%}
with reporting_periods as (
    select
        period_start_date,
        period_end_date
    from {{ ref('int_reporting_periods') }}
),

clients as (
    select
        la_code,
        person_id,
        age_at_period_end
    from {{ ref('int_long_term_clients_resolved') }}
    where window_code = '{{ window_code }}'
),

reviews as (
    select
        reviews.la_code,
        reviews.person_id,
        reviews.review_reason_code,
        reviews.review_type,
        reviews.support_setting,
        reviews.sequel
    from {{ ref('int_review_sequels') }} as reviews
    cross join reporting_periods
    where
        reviews.event_end_date between reporting_periods.period_start_date
        and reporting_periods.period_end_date
),

labels as (
    select
        code,
        display_label
    from {{ ref('int_defined_list_labels') }}
    where field_name = 'review_reason'
),

counted as (
    select
        reviews.la_code,
        {{ working_age_band('clients.age_at_period_end') }} as age_band,
        case reviews.review_type
            when 'planned' then 'Planned'
            when 'unplanned' then 'Unplanned'
            else 'Other or not recorded'
        end as review_type,
        coalesce(reviews.support_setting, 'No long-term support on the review day')
            as support_setting,
        case
            when reviews.review_type = 'unplanned' then labels.display_label
            when reviews.sequel = 'Nursing' then 'Admitted to nursing care'
            when reviews.sequel = 'Residential' then 'Admitted to residential care'
            when reviews.review_type = 'planned' then 'No care home admission found'
            else 'Not derivable from CLD'
        end as sequel,
        count(*) as review_count
    from reviews
    inner join clients
        on
            reviews.la_code = clients.la_code
            and reviews.person_id = clients.person_id
    left join labels
        on reviews.review_reason_code = labels.code
    group by 1, 2, 3, 4, 5
),

-- The table's fixed cells (macro council_cells_filled): planned reviews by
-- care-home admission found, unplanned ones by their reason, others as one.
age_bands as (
    {{ literal_values('age_band', working_age_bands()) }}
),

review_sequels as (
    {% for sequel in [
        'Admitted to nursing care', 'Admitted to residential care',
        'No care home admission found'] %}
        select
            'Planned' as review_type,
            '{{ sequel }}' as sequel
        union all
    {% endfor %}
    select
        'Unplanned' as review_type,
        display_label as sequel
    from labels
    where code like 'unplanned%'
    union all
    select
        'Other or not recorded' as review_type,
        'Not derivable from CLD' as sequel
),

support_settings as (
    {{ literal_values('support_setting', [
        'Residential or nursing', 'Community', 'Prison',
        'No long-term support on the review day']) }}
),

template_cells as (
    select
        age_bands.age_band,
        review_sequels.review_type,
        support_settings.support_setting,
        review_sequels.sequel
    from age_bands
    cross join review_sequels
    cross join support_settings
    group by 1, 2, 3, 4
),

{{ council_cells_filled(
    'counted',
    'template_cells',
    ['age_band', 'review_type', 'support_setting', 'sequel'],
    ['review_count']
) }}

select
    cells_filled.la_code,
    reporting_periods.period_start_date,
    reporting_periods.period_end_date,
    cells_filled.age_band,
    cells_filled.review_type,
    cells_filled.support_setting,
    cells_filled.sequel,
    cast(cells_filled.review_count as bigint) as review_count
from cells_filled
cross join reporting_periods
{%- endmacro %}
