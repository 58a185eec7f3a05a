-- Every landed file's lines grouped into CSV records. A record is one physical line, or
-- several when a quoted field holds line breaks (an Excel Alt-Enter); its
-- physical lines are joined with a line feed. Fields are split later, in
-- base_cld__submission_rows, so a malformed file never stops the others.
-- Whether a line ends inside a quoted field depends on whether it starts inside
-- one, so each line is a map from the state before it to the state after it:
-- keep (no quote), swap (opens or closes one field), or reset to a fixed state.
-- The state after a line is the last reset before it, flipped once per swap
-- since; window functions compute that only for the few files with a line
-- ending inside quotes (has_line_ending_in_quote, one test per file at landing).
-- Stored: file checks, headers, rows and the registry all read it, and it is
-- where the folder is read (base_cld__landed_lines is ephemeral). Incremental,
-- file by file: a build reads only new or replaced files and first deletes
-- the rows of files replaced or no longer landed (a file is its name, size and
-- modification time here; its content hash downstream). The first pre-hook
-- points Spark's source table at the landing folder.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=partition_by_on_spark('file_name'),
    on_schema_change='fail',
    pre_hook=[
        "{{ register_landed_files_table() }}",
        "{{ delete_stale_partitions(
            landed_file_listing(source('cld', 'landed_files')),
            ['file_name', 'file_size_bytes', 'file_modified_at']) }}"
    ]
) }}

{#- A line, entered outside quotes, that ends inside a quoted field: complete
    fields (quoted with doubled quotes inside, or unquoted), then a quoted field
    with no closing quote. Unrolled ("[^"]*(""[^"]*)*") because Java's engine
    recurses once per character of an alternation. -#}
{%- set complete_field = '(?:"[^"]*(?:""[^"]*)*"|[^,"][^,]*)?' %}
{%- set ends_inside_quote = '(?:' ~ complete_field ~ ',)*"[^"]*(?:""[^"]*)*' %}
{%- set running = 'partition by file_name order by line_number'
    ~ ' rows between unbounded preceding and current row' %}

with landed_lines as (
    select
        file_name,
        line_number,
        line_text,
        file_encoding,
        file_size_bytes,
        file_modified_date,
        file_modified_at,
        file_content_hash,
        bad_byte_line_number,
        has_line_ending_in_quote
    from {{ ref('base_cld__landed_lines') }}
),

single_line_records as (
    select
        file_name,
        line_number as record_number,
        line_number,
        cast(1 as bigint) as record_line_count,
        false as has_unclosed_quote,
        line_text as record_text,
        file_encoding,
        file_size_bytes,
        file_modified_date,
        file_modified_at,
        file_content_hash,
        bad_byte_line_number
    from landed_lines
    where not has_line_ending_in_quote
),

-- Whether the line ends inside a quoted field when entered outside one, and
-- when entered inside one (as if the line began with a quote).
multi_line_transitions as (
    select
        *,
        coalesce(
            instr(line_text, '"') > 0
            and {{ matches_pattern('line_text', ends_inside_quote) }},
            false
        ) as opens_when_outside,
        instr(line_text, '"') = 0
        or {{ matches_pattern(dbt.concat(["'\"'", 'line_text']), ends_inside_quote) }}
            as opens_when_inside
    from landed_lines
    where has_line_ending_in_quote
),

multi_line_swaps as (
    select
        *,
        opens_when_outside = opens_when_inside as is_reset,
        sum(
            case when opens_when_outside and not opens_when_inside then 1 else 0 end
        ) over ({{ running }}) as swaps_so_far
    from multi_line_transitions
),

-- The last reset so far, packed as line * 4 + (state it sets) * 2 + (parity of
-- the swaps before it), so one running max finds it with what it needs.
multi_line_resets as (
    select
        *,
        max(
            case
                when is_reset
                    then
                        line_number * 4
                        + case when opens_when_outside then 2 else 0 end
                        + swaps_so_far % 2
            end
        ) over ({{ running }}) as last_reset_key
    from multi_line_swaps
),

multi_line_states as (
    select
        *,
        case
            when last_reset_key is null then swaps_so_far % 2 = 1
            else (
                case when last_reset_key % 4 >= 2 then 1 else 0 end
                + swaps_so_far + last_reset_key % 2
            ) % 2 = 1
        end as is_inside_quote_after
    from multi_line_resets
),

multi_line_starts as (
    select
        *,
        coalesce(
            lag(is_inside_quote_after) over (
                partition by file_name order by line_number
            ),
            false
        ) as is_inside_quote_before
    from multi_line_states
),

multi_line_numbered as (
    select
        *,
        sum(case when is_inside_quote_before then 0 else 1 end)
            over ({{ running }}) as record_number
    from multi_line_starts
),

multi_line_records as (
    select
        file_name,
        record_number,
        min(line_number) as line_number,
        count(*) as record_line_count,
        -- every line of a record but the last ends inside a quote, unless the
        -- quote is never closed
        min(case when is_inside_quote_after then 1 else 0 end) = 1
            as has_unclosed_quote,
        {{ string_agg_ordered('line_text', 'line_number', 'chr(10)') }}
            as record_text,
        max(file_encoding) as file_encoding,
        max(file_size_bytes) as file_size_bytes,
        max(file_modified_date) as file_modified_date,
        max(file_modified_at) as file_modified_at,
        max(file_content_hash) as file_content_hash,
        max(bad_byte_line_number) as bad_byte_line_number
    from multi_line_numbered
    group by 1, 2
),

records as (
    select * from single_line_records
    union all
    select * from multi_line_records
)

select
    file_name,
    cast(record_number as bigint) as record_number,
    cast(line_number as bigint) as line_number,
    cast(record_line_count as bigint) as record_line_count,
    record_text,
    coalesce(trim(record_text), '') = '' as is_blank_record,
    has_unclosed_quote,
    file_encoding,
    file_size_bytes,
    file_modified_date,
    file_modified_at,
    file_content_hash,
    bad_byte_line_number
from records
