-- Every staged row of the submissions in the history (int_submissions_selected)
-- with its person identifier, by var person_id_method:
-- 'nhs_england' (shared/reference/salt_ascof_rules.md §2.3): the NHS number's
-- pseudonym; else the council person id's pseudonym when that id is never seen
-- with an NHS number anywhere in the history; else none: person_id stays NULL,
-- the journeys leave the row out and dq_person_identifiers counts it.
-- 'dhsc' (dhsc_pipeline.md §3): NHS number, else the council person id.
-- Pseudonyms of NHS numbers and of council ids are separate namespaces.
-- var person_id_scope (method, 'nhs_england' only): 'history' (the warehouse:
-- "seen with an NHS number" over the whole history) or 'table_extract' (NHS
-- England's code, §2.3: over each script's own extract). With 'table_extract',
-- person_id is resolved over STS001's extract (service users' events starting
-- by the period end, with a birth year and month, not dead before the period
-- start), and latest_file_person_id over LTS001a's (the same within each
-- council's latest covering file, long-term service types running in the
-- period), which every latest-file table reads. Each extract lies inside the
-- one before, so latest_file_person_id is person_id wherever person_id is set;
-- with 'history' they are equal.
-- Every row counts under its file's council (int_submissions_registered), never
-- under the LA_Code it carries: a stray code cannot move events to another council.
-- Also the row's proxy date of birth (1st of the birth month: the day stays in
-- staging) for ages at the reporting period's dates.
-- Stored, not a view: deduplication, the latest-submission events and the
-- person resolution all read it, and the identifier look-up runs once. Stored
-- council by council (int_council_inputs_keyed): a resubmission rebuilds only
-- its council's rows.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
-- depends_on: {{ ref('int_reporting_periods') }}
{%- set method = var('person_id_method') %}
{%- set scope = method_choice('person_id_scope') %}
{%- if scope not in ['history', 'table_extract'] %}
    {{ exceptions.raise_compiler_error(
        "var person_id_scope must be 'history' or 'table_extract', not " ~ scope) }}
{%- endif %}
{%- set by_extract = method == 'nhs_england' and scope == 'table_extract' %}
{%- set sts001_extract -%}
    submission_rows.client_type_code = 'service_user'
    and submission_rows.event_type_code is not null
    and submission_rows.event_start_date <= reporting_periods.period_end_date
    and submission_rows.birth_year is not null
    and submission_rows.birth_month is not null
    and coalesce(
        submission_rows.date_of_death >= reporting_periods.period_start_date, true
    )
{%- endset %}
{%- if method not in ['nhs_england', 'dhsc'] %}
    {{ exceptions.raise_compiler_error(
        "var person_id_method must be 'nhs_england' or 'dhsc', not " ~ method) }}
{%- endif %}

with history_submissions as (
    select
        selected.submission_id,
        selected.la_code,
        selected.received_date,
        selected.is_latest_covering,
        councils.council_input_key
    from {{ ref('int_submissions_selected') }} as selected
    inner join {{ ref('int_council_inputs_keyed') }} as councils
        on selected.la_code = councils.la_code
    where
        selected.is_in_history
        and {{ is_partition_unbuilt('selected.la_code') }}
),

submission_rows as (
    select
        submission_rows.submission_id,
        submission_rows.line_number,
        history_submissions.received_date,
        history_submissions.is_latest_covering,
        history_submissions.la_code,
        history_submissions.council_input_key,
        submission_rows.nhs_number_pseudonym,
        submission_rows.la_person_pseudonym,
        submission_rows.birth_year,
        submission_rows.birth_month,
        submission_rows.date_of_death,
        submission_rows.client_type_code,
        submission_rows.event_type_code,
        submission_rows.event_start_date,
        submission_rows.event_end_date,
        submission_rows.event_outcome_code,
        submission_rows.request_route_of_access_code,
        submission_rows.assessment_type_code,
        submission_rows.eligible_needs_identified_code,
        submission_rows.service_type_code,
        submission_rows.service_component_code,
        submission_rows.delivery_mechanism_code,
        submission_rows.review_reason_code,
        submission_rows.review_outcomes_achieved_code,
        submission_rows.method_of_review_code,
        submission_rows.unit_cost,
        submission_rows.cost_frequency_unit_type_code,
        submission_rows.planned_units_per_week,
        submission_rows.gender_code,
        submission_rows.ethnicity_code,
        submission_rows.primary_support_reason_code,
        submission_rows.has_unpaid_carer_code,
        submission_rows.accommodation_status_code,
        submission_rows.employment_status_code,
        submission_rows.adult_1_linked_person_pseudonym,
        submission_rows.adult_2_linked_person_pseudonym,
        submission_rows.adult_3_linked_person_pseudonym
    from {{ ref('stg_cld__submission_rows') }} as submission_rows
    inner join history_submissions
        on submission_rows.submission_id = history_submissions.submission_id
),

{% if method == 'nhs_england' %}
-- Council ids seen on a row that also carries an NHS number.
    ids_seen_with_nhs_number as (
        select submission_rows.la_person_pseudonym
        from submission_rows
        {%- if by_extract %}
            cross join {{ ref('int_reporting_periods') }} as reporting_periods
        {%- endif %}
        where
            submission_rows.nhs_number_pseudonym is not null
            and submission_rows.la_person_pseudonym is not null
            -- STS001's extract (person_id_scope table_extract)
            and {{ sts001_extract if by_extract else '1 = 1' }}
        group by 1
    ),
{% endif %}
{% if by_extract %}
    -- LTS001a's extract: long-term service types of the latest covering file
    -- running in the period, within STS001's
    ids_seen_in_latest_file as (
        select submission_rows.la_person_pseudonym
        from submission_rows
        cross join {{ ref('int_reporting_periods') }} as reporting_periods
        where
            submission_rows.nhs_number_pseudonym is not null
            and submission_rows.la_person_pseudonym is not null
            and {{ sts001_extract }}
            and submission_rows.is_latest_covering
            and submission_rows.service_type_code in (
                'lt_nursing_care', 'lt_residential_care', 'lt_community', 'lt_prison'
            )
            and coalesce(
                submission_rows.event_end_date >= reporting_periods.period_start_date,
                true
            )
        group by 1
    ),
{% endif %}

identified as (
    select
        submission_rows.*,
        case
            when submission_rows.nhs_number_pseudonym is not null
                then submission_rows.nhs_number_pseudonym
            {% if method == 'nhs_england' %}
                when ids_seen_with_nhs_number.la_person_pseudonym is null
                    then submission_rows.la_person_pseudonym
            {% else %}
                else submission_rows.la_person_pseudonym
            {% endif %}
        end as person_id,
        case
            when submission_rows.nhs_number_pseudonym is not null then 'nhs_number'
            when
                submission_rows.la_person_pseudonym is not null
                {% if method == 'nhs_england' %}
                    and ids_seen_with_nhs_number.la_person_pseudonym is null
                {% endif %}
                then 'la_person_id'
        end as person_id_source,
        case
            when submission_rows.nhs_number_pseudonym is not null
                then submission_rows.nhs_number_pseudonym
            {% if by_extract %}
                when ids_seen_in_latest_file.la_person_pseudonym is null
                    then submission_rows.la_person_pseudonym
            {% elif method == 'nhs_england' %}
                when ids_seen_with_nhs_number.la_person_pseudonym is null
                    then submission_rows.la_person_pseudonym
            {% else %}
                else submission_rows.la_person_pseudonym
            {% endif %}
        end as latest_file_person_id
    from submission_rows
    {% if method == 'nhs_england' %}
        left join ids_seen_with_nhs_number
            on
                submission_rows.la_person_pseudonym
                = ids_seen_with_nhs_number.la_person_pseudonym
    {% endif %}
    {% if by_extract %}
        left join ids_seen_in_latest_file
            on
                submission_rows.la_person_pseudonym
                = ids_seen_in_latest_file.la_person_pseudonym
    {% endif %}
)

select
    *,
    case
        when birth_year is not null and birth_month is not null
            then make_date(birth_year, birth_month, 1)
    end as proxy_date_of_birth
from identified
