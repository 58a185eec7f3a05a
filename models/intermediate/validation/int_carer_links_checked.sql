-- One row per staged row that names a linked person, with whether each linked
-- id is the LA person id of a service user in the same submission (CLD-091).
-- Joined on keyed pseudonyms, so no identifier leaves staging.
-- Stored file by file, not a view: its rule test and int_rule_checks_unioned
-- each re-joined the nation's rows (6 s in a one-council refresh), and a link
-- is checked within its own file only.
{{ config_stored_by_part(
    'submission_id', 'stg_cld__submission_rows',
    version_columns=['file_content_hash', 'received_date']
) }}
with submission_rows as (
    select
        submission_id,
        file_content_hash,
        received_date,
        line_number,
        client_type_code,
        la_person_pseudonym,
        adult_1_linked_person_pseudonym,
        adult_2_linked_person_pseudonym,
        adult_3_linked_person_pseudonym
    from {{ ref('stg_cld__submission_rows') }}
    where {{ is_partition_unbuilt('submission_id') }}
),

service_users as (
    select
        submission_id,
        la_person_pseudonym
    from submission_rows
    where client_type_code = 'service_user' and la_person_pseudonym is not null
    group by 1, 2
),

linking_rows as (
    select
        submission_id,
        file_content_hash,
        received_date,
        line_number,
        adult_1_linked_person_pseudonym,
        adult_2_linked_person_pseudonym,
        adult_3_linked_person_pseudonym
    from submission_rows
    where
        adult_1_linked_person_pseudonym is not null
        or adult_2_linked_person_pseudonym is not null
        or adult_3_linked_person_pseudonym is not null
),

links_checked as (
    select
        linking_rows.submission_id,
        linking_rows.file_content_hash,
        linking_rows.received_date,
        linking_rows.line_number,
        {% for position in [1, 2, 3] %}
            linking_rows.adult_{{ position }}_linked_person_pseudonym,
            linked_{{ position }}.la_person_pseudonym is not null
                as is_adult_{{ position }}_linked_person_known
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from linking_rows
    {% for position in [1, 2, 3] %}
        left join service_users as linked_{{ position }}
            on
                linking_rows.submission_id = linked_{{ position }}.submission_id
                and linking_rows.adult_{{ position }}_linked_person_pseudonym
                = linked_{{ position }}.la_person_pseudonym
    {% endfor %}
),

-- Rule CLD-091 as columns (macro cld_rule_columns).
rules_evaluated as (
    select
        links_checked.*,
        {{ cld_rule_evaluations(['carer_links']) | join(',\n        ') }}
    from links_checked
)

select
    rules_evaluated.*,
    {{ cld_rule_columns(['carer_links']) | join(',\n    ') }}
from rules_evaluated
