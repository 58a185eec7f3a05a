-- Guard: no two loaded files have the same bytes (a copy must be recorded as a
-- duplicate and add nothing). Fails the build (severity error).
{{ config(severity='error', tags=['guard']) }}

select
    file_content_hash,
    concat(
        cast(count(*) as {{ dbt.type_string() }}),
        ' loaded files have the same content (SHA-256 ', file_content_hash, '): ',
        min(submission_id), ' and ', max(submission_id)
    ) as problem
from {{ ref('dim_submissions') }}
where status = 'loaded'
group by 1
having count(*) > 1
