-- The landed lines as they are: the one model that reads the landing source.
with submission_lines as (
    select
        file_name,
        line_number,
        line_text,
        file_encoding,
        file_size_bytes,
        file_modified_date,
        file_content_hash
    from {{ source('cld', 'submission_lines') }}
)

select
    file_name,
    line_number,
    line_text,
    file_encoding,
    file_size_bytes,
    file_modified_date,
    file_content_hash,
    coalesce(trim(line_text), '') = '' as is_blank_line
from submission_lines
