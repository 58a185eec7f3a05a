-- Stored, not the folder's view: every downstream model (validation, journeys,
-- marts) reads these typed rows. Incremental, file by file: a build stages only
-- files newly loaded (new, replaced, or no longer held back as a copy) and
-- first deletes the files no longer loaded as they were.
-- A file's version is its bytes and its received date: a file named without a
-- date is received on its modification date, which a touch changes.
{{ config_stored_by_part(
    'submission_id', 'base_cld__file_statuses',
    upstream_part_column='file_name', upstream_filter='is_loaded',
    version_columns=['file_content_hash', 'received_date']
) }}
-- Spark: the key's relation again in this model's own session, as a Thrift
-- server gives each dbt thread its own (the run's start hook registered it in
-- another). Not on DuckDB: one connection serves every model there, and a
-- transaction that has deleted stale files may not write to a second database.
{% if target.type == 'spark' %}
    {{ config(pre_hook="{{ register_pseudonym_key(warn=false) }}") }}
{% endif %}

{%- set coded_fields = cld_coded_fields() %}
{%- set date_fields = cld_date_fields() %}
{%- set numeric_fields = cld_numeric_fields() %}
{%- set event_type_fields = cld_event_type_fields() %}

with readable_files as (
    select
        file_name,
        received_date,
        la_code,
        stated_period_start_date,
        stated_period_end_date,
        -- ages at the period end only from a possible period: a mistyped year
        -- would make everyone 180 and bury CLD-009 under age failures
        case
            when stated_period_issue is null then stated_period_end_date
        end as age_reference_date
    from {{ ref('base_cld__file_statuses') }}
    where is_loaded
),

councils as (
    select la_code
    from {{ ref('cld_councils') }}
),

-- Only loaded files' rows are staged (base_cld__file_statuses): quarantined files
-- and copies of earlier files are held back, and dim_submissions says why. Every
-- row belongs to the council its file is for, whatever its own LA_Code says.
submission_rows as (
    select
        base_rows.file_name,
        base_rows.file_content_hash,
        base_rows.record_number,
        base_rows.line_number,
        base_rows.field_count,
        base_rows.header_column_count,
        base_rows.duplicate_of_line_number,
        base_rows.placeholder_value_fields,
        readable_files.received_date,
        readable_files.la_code as submission_la_code,
        readable_files.stated_period_start_date,
        readable_files.stated_period_end_date,
        readable_files.age_reference_date,
        councils.la_code is not null as is_la_code_known,
        {% for column_name in cld_columns() %}
            base_rows.{{ column_name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from {{ ref('base_cld__submission_rows') }} as base_rows
    inner join readable_files
        on base_rows.file_name = readable_files.file_name
    left join councils
        on base_rows.la_code = councils.la_code
    where {{ is_partition_unbuilt('base_rows.file_name', 'submission_id') }}
),

-- Each distinct submitted value was looked up once; join the answers back, by
-- one key for field and value: every join then reads the same relation, which
-- Spark broadcasts once for all of them, not once per field.
coded_value_matches as (
    select
        file_name,
        field_name || ':' || raw_value as field_value_key,
        code,
        canonical_label,
        match_type,
        matched_release,
        release_signal
    from {{ ref('base_cld__coded_value_matches') }}
),

rows_with_codes as (
    select
        submission_rows.*,
        {% for field_name in coded_fields %}
            {{ field_name }}_matches.code as {{ field_name }}_code,
            {{ field_name }}_matches.canonical_label as {{ field_name }}_label,
            {{ field_name }}_matches.matched_release as {{ field_name }}_release,
            {{ field_name }}_matches.release_signal as {{ field_name }}_release_signal,
            {{ field_name }}_matches.match_type
                as {{ field_name }}_match{% if not loop.last %},{% endif %}
        {% endfor %}
    from submission_rows
    {% for field_name in coded_fields %}
        left join coded_value_matches as {{ field_name }}_matches
            on
                submission_rows.file_name = {{ field_name }}_matches.file_name
                and {{ field_name }}_matches.field_value_key
                = '{{ field_name }}:' || submission_rows.{{ field_name }}
    {% endfor %}
),

typed_rows as (
    select
        *,
        replace(nhs_number, ' ', '') as nhs_number_digits,
        upper(postcode) as postcode_upper,
        {% for field_name in date_fields %}
            {{ parse_cld_date(field_name) }} as {{ field_name }}_parsed,
        {% endfor %}
        {% for field_name, data_type in numeric_fields.items() %}
            {{ parse_number(field_name, data_type) }}
                as {{ field_name }}_parsed{% if not loop.last %},{% endif %}
        {% endfor %}
    from rows_with_codes
),

derived_rows as (
    select
        *,
        {{ is_valid_nhs_number('nhs_number_digits') }} as is_nhs_number_valid,
        {{ matches_pattern('postcode', '[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}') }}
            as is_postcode_valid,
        {{ age_in_years('date_of_birth_parsed', 'event_start_date_parsed') }}
            as age_at_event_start,
        {{ age_in_years('date_of_birth_parsed', 'age_reference_date') }}
            as age_at_period_end,
        {{ pseudonymise(
            'la', "submission_la_code || ':' || la_person_unique_identifier") }}
            as la_person_pseudonym
    from typed_rows
),

pseudonymised_rows as (
    select
        *,
        case
            when is_nhs_number_valid
                then {{ pseudonymise('nhs', 'nhs_number_digits') }}
        end as nhs_number_pseudonym
    from derived_rows
),

flagged_rows as (
    select
        *,
        {{ field_list(_coded_match_conditions(coded_fields, 'unrecognised')) }}
            as unrecognised_value_fields,
        {{ field_list(_coded_match_conditions(coded_fields, 'variant')) }}
            as variant_value_fields,
        {{ field_list(_old_release_conditions(coded_fields)) }}
            as old_release_value_fields,
        {{ field_list(_parse_failure_conditions(date_fields)) }} as invalid_date_fields,
        {{ field_list(_parse_failure_conditions(numeric_fields.keys() | list)) }}
            as invalid_number_fields,
        {{ field_list(_missing_mandatory_conditions()) }} as missing_mandatory_fields,
        {{ field_list(_other_event_type_conditions(event_type_fields)) }}
            as other_event_type_fields,
        {{ field_list(_future_date_conditions()) }} as future_date_fields,
        {{ field_list(_negative_number_conditions(numeric_fields.keys() | list)) }}
            as negative_number_fields,
        coalesce(event_end_date_parsed < event_start_date_parsed, false)
            as is_end_before_start,
        coalesce(age_at_event_start < 18, false) as is_under_18_at_event_start,
        field_count <> header_column_count as is_ragged_line
    from pseudonymised_rows
)

select
    concat(file_name, ':', cast(line_number as {{ dbt.type_string() }}))
        as submission_row_id,
    file_name as submission_id,
    file_content_hash,
    record_number,
    line_number,
    received_date,
    submission_la_code,
    la_code,
    is_la_code_known,
    reporting_period_start_date_parsed as reporting_period_start_date,
    reporting_period_end_date_parsed as reporting_period_end_date,
    stated_period_start_date,
    stated_period_end_date,

    -- identifiers: never selected past staging
    nhs_number_digits as nhs_number,
    la_person_unique_identifier,
    first_name,
    last_name,
    date_of_birth_parsed as date_of_birth,
    postcode,

    -- person keys and safe derivations
    coalesce(nhs_number_pseudonym, la_person_pseudonym) as person_key,
    nhs_number_pseudonym,
    la_person_pseudonym,
    is_nhs_number_valid,
    is_postcode_valid,
    case
        when is_postcode_valid
            then trim(substr(postcode_upper, 1, length(postcode_upper) - 3))
    end as postcode_district,
    cast(extract(year from date_of_birth_parsed) as int) as birth_year,
    cast(extract(month from date_of_birth_parsed) as int) as birth_month,
    date_of_death_parsed as date_of_death,
    age_at_event_start,
    age_at_period_end,
    {{ age_band('age_at_period_end') }} as age_band_at_period_end,
    {{ working_age_band('age_at_period_end') }} as working_age_band_at_period_end,
    {{ working_age_band('age_at_event_start') }} as working_age_band_at_event_start,
    gp_practice_name,
    gp_practice_code,

    -- event
    event_reference,
    event_start_date_parsed as event_start_date,
    event_end_date_parsed as event_end_date,
    event_description,
    provider_cqc_location_name,
    provider_cqc_location_id,
    unit_cost_parsed as unit_cost,
    planned_units_per_week_parsed as planned_units_per_week,
    total_hrs_caring_per_week_parsed as total_hrs_caring_per_week,
    no_of_adults_being_cared_for_parsed as no_of_adults_being_cared_for,
    {% for position in [1, 2, 3] %}
        adult_{{ position }}_linked_person_id,
        {{ pseudonymise(
            'la', "submission_la_code || ':' || adult_" ~ position
            ~ "_linked_person_id") }}
            as adult_{{ position }}_linked_person_pseudonym,
    {% endfor %}

    -- defined lists: canonical label, code, matched release, match type, raw text
    {% for field_name in coded_fields %}
        {{ field_name }}_label as {{ field_name }},
        {{ field_name }}_code,
        {{ field_name }}_release,
        {{ field_name }}_match,
        {{ field_name }} as {{ field_name }}_raw,
    {% endfor %}

    -- submitted text of typed fields, for data-quality reporting
    {% for field_name in date_fields %}
        {{ field_name }} as {{ field_name }}_raw,
    {% endfor %}
    {% for field_name in numeric_fields %}
        {{ field_name }} as {{ field_name }}_raw,
    {% endfor %}

    -- row flags
    field_count,
    header_column_count,
    is_ragged_line,
    duplicate_of_line_number,
    unrecognised_value_fields,
    variant_value_fields,
    old_release_value_fields,
    placeholder_value_fields,
    invalid_date_fields,
    invalid_number_fields,
    missing_mandatory_fields,
    other_event_type_fields,
    future_date_fields,
    negative_number_fields,
    is_end_before_start,
    is_under_18_at_event_start
from flagged_rows
