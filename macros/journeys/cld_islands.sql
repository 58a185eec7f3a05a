{#- Gaps and islands over events, as two CTE bodies' worth of SQL: select from
    `source` every column plus island_number, 1, 2, ... per `partition_by` in
    start order. A row joins the current island when it starts no more than
    `gap_days` days after the latest end of ALL earlier rows of the island (the
    running maximum, so an event nested inside a long one cannot split it;
    shared/reference/salt_ascof_rules.md §2.7 and 8.B #5). Open ends count as
    never ending. Rows are ordered by start, end and `tiebreak`. -#}
{% macro cld_islands(source, partition_by, gap_days, tiebreak) -%}
    {%- set open_end = "coalesce(event_end_date, cast('9000-01-01' as date))" -%}
    {%- set row_order = "event_start_date, " ~ open_end ~ ", " ~ tiebreak -%}
    select
        *,
        sum(starts_island) over (
            partition by {{ partition_by }}
            order by {{ row_order }}
            rows between unbounded preceding and current row
        ) as island_number
    from (
        select
            *,
            case
                when
                    previous_latest_end_date is null
                    or event_start_date > cast(
                        {{ dbt.dateadd('day', gap_days, 'previous_latest_end_date') }}
                        as date
                    )
                    then 1
                else 0
            end as starts_island
        from (
            select
                *,
                max({{ open_end }}) over (
                    partition by {{ partition_by }}
                    order by {{ row_order }}
                    rows between unbounded preceding and 1 preceding
                ) as previous_latest_end_date
            from {{ source }}
        ) as with_previous_end
    ) as flagged
{%- endmacro %}
