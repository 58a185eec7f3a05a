-- One row per council with a submission in the history and age band (18 to
-- 64 for ASCOF 2B, 65 and above for 2C): new admissions to residential and
-- nursing care in the period (int_care_home_admissions_identified, people)
-- and the council's mid-year population of the band
-- (int_council_populations_banded), with the population's source. A council
-- with submissions but no admissions has 0; councils that never submitted
-- are left out rather than shown as 0.
with admissions as (
    select
        la_code,
        age_band,
        count(*) as admission_count
    from {{ ref('int_care_home_admissions_identified') }}
    group by 1, 2
),

populations as (
    select
        la_code,
        age_band,
        population,
        estimate_source
    from {{ ref('int_council_populations_banded') }}
),

submitting_councils as (
    select la_code
    from {{ ref('int_submissions_selected') }}
    where is_in_history
    group by 1
)

select
    populations.la_code,
    populations.age_band,
    cast(coalesce(admissions.admission_count, 0) as bigint) as admission_count,
    populations.population,
    populations.estimate_source
from populations
inner join submitting_councils
    on populations.la_code = submitting_councils.la_code
left join admissions
    on
        populations.la_code = admissions.la_code
        and populations.age_band = admissions.age_band
