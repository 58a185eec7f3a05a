-- Per submission, module and field: the staged rows counted by the field's
-- status on the row (mandatory, applicable, not applicable) and its validity
-- (the national DQ page's counts, shared/reference/dhsc_pipeline.md §4.1;
-- requirements from macro cld_field_requirements). dq_field_completeness adds
-- the shares and England.
-- Stored file by file like the staged rows it counts: a row's status and
-- validity read that row only, so a new file is counted once and the others
-- are kept (as a table it recounted the nation, 17 s, on every refresh).
{{ config_stored_by_part(
    'submission_id', 'stg_cld__submission_rows',
    version_columns=['file_content_hash', 'received_date']
) }}
{%- set requirements = cld_field_requirements() %}

with submission_rows as (
    select *
    from {{ ref('stg_cld__submission_rows') }}
    where {{ is_partition_unbuilt('submission_id') }}
),

field_checks as (
    {% for requirement in requirements %}
        select
            submission_id,
            file_content_hash,
            received_date,
            '{{ requirement.module }}' as module,
            '{{ requirement.field_name }}' as field_name,
            case
                when coalesce({{ requirement.mandatory }}, false) then 'mandatory'
                when coalesce({{ requirement.applicable }}, false) then 'applicable'
                else 'not applicable'
            end as field_status,
            case
                when {{ requirement.blank }}
                    then
                        case
                            when coalesce({{ requirement.mandatory }}, false)
                                then 'failed: blank'
                            else 'passed: blank'
                        end
                {% if requirement.field_name in cld_coded_fields() %}
                    when {{ cld_is_old_release_value(requirement.field_name) }}
                        then 'failed: old release'
                {% endif %}
                when coalesce({{ requirement.invalid }}, false) then 'failed: invalid'
                when not coalesce({{ requirement.applicable }}, false)
                    then 'failed: invalid'
                else 'passed: valid'
            end as field_validity,
            count(*) as row_count
        from submission_rows
        group by 1, 2, 3, 4, 5, 6, 7
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    submission_id,
    file_content_hash,
    received_date,
    module,
    field_name,
    field_status,
    field_validity,
    cast(row_count as bigint) as row_count
from field_checks
