-- One row per staged row with every row-level validation rule evaluated as
-- columns (macro cld_rule_columns: <rule>__checked, <rule>__failed,
-- <rule>__value), so the staged rows are read once for the twelve families of
-- rules, window functions included, rather than once per rule. The rule tests
-- (cld_rules) and int_rule_checks_unioned read these columns.
-- The rules with window functions (one value per person, duplicates) run first
-- over only the columns they read: a window sorts every column it is given, and
-- over all staged columns the national build spent 436 s here.
-- Stored, not a view: each test and the union read it per rule. Incremental,
-- file by file like the staged rows it checks: every rule reads one file's
-- rows only (windows are partitioned by submission_id).
{{ config_stored_by_part(
    'submission_id', 'stg_cld__submission_rows',
    version_columns=['file_content_hash', 'received_date']
) }}

{%- set families = cld_rule_models()['int_submission_rows_checked'] %}

-- The rules read most of the staged columns: every one is imported.
with submission_rows as (
    select *
    from {{ ref('stg_cld__submission_rows') }}
    where {{ is_partition_unbuilt('submission_id') }}
),

-- What the windowed rules read; a rule reading another column fails to
-- compile here, naming it.
window_inputs as (
    select
        submission_id,
        line_number,
        la_person_unique_identifier,
        nhs_number,
        event_reference,
        duplicate_of_line_number,
        client_type_code,
        event_type_code,
        event_start_date,
        event_end_date,
        request_route_of_access_code,
        assessment_type_code,
        service_type_code,
        service_component_code,
        gender_raw,
        ethnicity_raw,
        date_of_birth_raw,
        date_of_death_raw,
        primary_support_reason_raw,
        postcode,
        accommodation_status_raw,
        employment_status_raw,
        has_unpaid_carer_raw,
        client_funding_status_raw
    from submission_rows
),

windows_evaluated as (
    select
        submission_id,
        line_number,
        {{ cld_rule_evaluations(families, 'windowed') | join(',\n        ') }}
    from window_inputs
),

rules_evaluated as (
    select
        submission_rows.*,
        {% for column in cld_rule_evaluations(families, 'windowed') %}
            windows_evaluated.{{ column.split(' as ')[-1] }},
        {% endfor %}
        {{ cld_rule_evaluations(families, 'plain') | join(',\n        ') }}
    from submission_rows
    inner join windows_evaluated
        on
            submission_rows.submission_id = windows_evaluated.submission_id
            and submission_rows.line_number = windows_evaluated.line_number
)

select
    submission_id,
    file_content_hash,
    received_date,
    line_number,
    {{ cld_rule_columns(families) | join(',\n    ') }}
from rules_evaluated
