{#- The body of a `_published` model: `relation`'s rows with small numbers
    suppressed and counts rounded (var publication_suppression_threshold,
    var publication_rounding_base).
    - `dimensions`: the columns that identify a row, copied as they are.
    - `count_sets`: list of {'counts': [...], 'dependents': [...]}; a set's
      counts are suppressed together (e.g. numerator and denominator), and
      with them its dependents (a rate, a median). A set is suppressed in a row
      when any of its counts is between 1 and the threshold minus one
      (primary suppression). Zeros are shown.
    - `groups`: the columns of a group of rows that add up to a total someone
      could know or derive (e.g. a council's table). When a group has exactly
      one primary suppression of a set, the group's next smallest non-zero
      row is suppressed too (secondary suppression), so the total cannot
      reveal it.
    - `dependent_decimals`: decimal places dependents are rounded to.
    Unsuppressed counts are rounded to the nearest multiple of the rounding
    base; every row gets is_suppressed (any set suppressed). -#}
{% macro published_with_suppression(
    relation, dimensions, count_sets, groups, dependent_decimals=1) -%}
{%- set threshold = var('publication_suppression_threshold') | int -%}
{%- set base = var('publication_rounding_base') | int -%}
with source_rows as (
    select *
    from {{ relation }}
),

primary_flags as (
    select
        *,
        {% for count_set in count_sets %}
            case
                when
                    {% for count in count_set['counts'] %}
                        {{ count }} between 1 and {{ threshold - 1 }}
                        {% if not loop.last %}or{% endif %}
                    {% endfor %}
                    then 1
                else 0
            end as set_{{ loop.index }}_primary{% if not loop.last %},{% endif %}
        {% endfor %}
    from source_rows
),

group_flags as (
    select
        *,
        {% for count_set in count_sets %}
            sum(set_{{ loop.index }}_primary) over (
                partition by {{ groups | join(', ') }}
            ) as set_{{ loop.index }}_primaries,
            row_number() over (
                partition by {{ groups | join(', ') }}
                order by
                    case
                        when
                            set_{{ loop.index }}_primary = 1
                            or {{ count_set['counts'][0] }} = 0
                            then 1
                        else 0
                    end,
                    {{ count_set['counts'][0] }},
                    {{ dimensions | join(', ') }}
            ) as set_{{ loop.index }}_order{% if not loop.last %},{% endif %}
        {% endfor %}
    from primary_flags
),

suppression_flags as (
    select
        *,
        {% for count_set in count_sets %}
            set_{{ loop.index }}_primary = 1
            or (
                set_{{ loop.index }}_primaries = 1
                and set_{{ loop.index }}_order = 1
                and {{ count_set['counts'][0] }} > 0
            ) as is_set_{{ loop.index }}_suppressed{% if not loop.last %},{% endif %}
        {% endfor %}
    from group_flags
)

select
    {% for dimension in dimensions %}
        {{ dimension }},
    {% endfor %}
    {% for count_set in count_sets %}
        {% set set_number = loop.index %}
        {% for count in count_set['counts'] %}
            cast(case
                when not is_set_{{ set_number }}_suppressed
                    then round({{ count }} / {{ base }}.0) * {{ base }}
            end as bigint) as {{ count }},
        {% endfor %}
        {% for dependent in count_set['dependents'] %}
            cast(case
                when not is_set_{{ set_number }}_suppressed
                    then round({{ dependent }}, {{ dependent_decimals }})
            end as double) as {{ dependent }},
        {% endfor %}
    {% endfor %}
    {% for count_set in count_sets %}
        is_set_{{ loop.index }}_suppressed{% if not loop.last %} or {% endif %}
    {% endfor %} as is_suppressed
from suppression_flags
{%- endmacro %}
