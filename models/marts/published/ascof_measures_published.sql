-- ascof_measures for publication: numerator and denominator below the threshold
-- suppressed together with the value, the other breakdown of the same family
-- (18 to 64 / 65 and above, Male / Female) suppressed with it, counts rounded
-- (macro published_with_suppression).
{%- set measures -%}
    (
        select
            *,
            case
                when breakdown in ('Male', 'Female') then 'gender'
                when breakdown in ('18 to 64', '65 and above') then 'age'
                else breakdown
            end as breakdown_family
        from {{ ref('ascof_measures') }}
    ) as measures
{%- endset %}

{{ published_with_suppression(
    measures,
    ['la_code', 'period_start_date', 'period_end_date', 'measure_id',
     'previous_measure_id', 'measure_part', 'measure_name', 'breakdown',
     'value_unit', 'denominator_source'],
    [{'counts': ['numerator', 'denominator'], 'dependents': ['measure_value']}],
    ['la_code', 'period_start_date', 'measure_id', 'measure_part',
     'breakdown_family']
) }}
