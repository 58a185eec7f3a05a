-- One row per area (council, region, England), module and field (field '*':
-- the rules about a whole row or file): each council's latest loaded file
-- (dim_submissions.is_latest_loaded) against England's and its region's, as
-- DHSC's data-quality page draws it (dhsc_pipeline.md §4): the rows where the
-- field is mandatory or applicable and how many of them are valid
-- (dq_field_completeness), the rows failing a check of any status, and the
-- rows the field's validation rules checked and failed (dq_rule_results; a
-- row counts once per rule). Region and England rows add their councils'
-- latest files; every row carries England's rates beside its own.
{%- set measures = [
    'rows_in_file', 'rows_checked', 'rows_valid', 'rows_failed',
    'rule_rows_checked', 'rule_rows_failed'
] %}

with field_counts as (
    select
        completeness.la_code,
        completeness.module,
        completeness.field_name,
        sum(completeness.row_count) as rows_in_file,
        sum(case
            when completeness.field_status in ('mandatory', 'applicable')
                then completeness.row_count
            else 0
        end) as rows_checked,
        sum(case
            when
                completeness.field_status in ('mandatory', 'applicable')
                and completeness.field_validity = 'passed: valid'
                then completeness.row_count
            else 0
        end) as rows_valid,
        sum(case
            when completeness.field_validity like 'failed%'
                then completeness.row_count
            else 0
        end) as rows_failed,
        0 as rule_rows_checked,
        0 as rule_rows_failed
    from {{ ref('dq_field_completeness') }} as completeness
    where completeness.is_latest_loaded
    group by 1, 2, 3
),

rule_counts as (
    select
        rule_results.la_code,
        rule_results.module,
        rule_results.field_name,
        0 as rows_in_file,
        0 as rows_checked,
        0 as rows_valid,
        0 as rows_failed,
        sum(rule_results.rows_checked) as rule_rows_checked,
        sum(rule_results.rows_failed) as rule_rows_failed
    from {{ ref('dq_rule_results') }} as rule_results
    where rule_results.is_latest_loaded
    group by 1, 2, 3
),

counts_unioned as (
    select * from field_counts

    union all

    select * from rule_counts
),

council_counts as (
    select
        la_code,
        module,
        field_name,
        {%- for measure in measures %}
            sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from counts_unioned
    group by 1, 2, 3
),

{{ areas_added('council_counts', ['module', 'field_name'], measures) }},

areas_rated as (
    select
        *,
        rows_valid / nullif(cast(rows_checked as double), 0) as valid_rate,
        rows_failed / nullif(cast(rows_in_file as double), 0) as failure_rate,
        rule_rows_failed / nullif(cast(rule_rows_checked as double), 0)
            as rule_failure_rate
    from areas_added
),

england as (
    select
        module,
        field_name,
        valid_rate,
        failure_rate,
        rule_failure_rate
    from areas_rated
    where area_type = 'england'
),

dq_england_comparison as (
    select
        {{ dbt.hash(dbt.concat([
            'areas_rated.area_code', "'|'", 'areas_rated.module', "'|'",
            'areas_rated.field_name'
        ])) }} as dq_comparison_id,
        areas_rated.area_type,
        areas_rated.area_code,
        areas_rated.area_name,
        areas_rated.la_code,
        areas_rated.region_name,
        areas_rated.module,
        areas_rated.field_name,
        {%- for measure in measures %}
            cast(areas_rated.{{ measure }} as bigint) as {{ measure }},
        {%- endfor %}
        cast(areas_rated.valid_rate as double) as valid_rate,
        cast(areas_rated.failure_rate as double) as failure_rate,
        cast(areas_rated.rule_failure_rate as double) as rule_failure_rate,
        cast(england.valid_rate as double) as england_valid_rate,
        cast(england.failure_rate as double) as england_failure_rate,
        cast(england.rule_failure_rate as double) as england_rule_failure_rate,
        cast(areas_rated.councils_included as int) as councils_included
    from areas_rated
    left join england
        on
            areas_rated.module = england.module
            and areas_rated.field_name = england.field_name
)

select * from dq_england_comparison
