-- The row-level validation rules' results in one long list: one row per failing
-- staged row and rule (the value it shows), plus one count row per submission
-- and rule (line_number NULL, rows_checked: the rows the rule applies to), from
-- the rule columns of int_submission_rows_checked and int_carer_links_checked
-- (macro cld_rule_results). int_rule_checks_unioned adds the file-level rules.
-- Stored file by file like the rows it lists: as a table it rescanned the
-- nation's checked rows once per rule (16 s) on every refresh.
{{ config_stored_by_part(
    'submission_id', 'int_submission_rows_checked',
    version_columns=['file_content_hash', 'received_date']
) }}
{%- set versions = ['file_content_hash', 'received_date'] %}
{%- set unbuilt = is_partition_unbuilt('submission_id') %}

with
{{ cld_rule_results('int_submission_rows_checked', versions, unbuilt) }},
{{ cld_rule_results('int_carer_links_checked', versions, unbuilt) }},

rule_checks as (
    select * from int_submission_rows_checked_results
    union all
    select * from int_carer_links_checked_results
)

-- a rule that applies to no row of a file has no count row

select
    submission_id,
    file_content_hash,
    received_date,
    line_number,
    rule_id,
    offending_value,
    rows_checked
from rule_checks
where line_number is not null or rows_checked > 0
