-- ascof_measures for publication, with a row per region and for England: their
-- numerators and denominators are the sums of the councils' exact counts (macro
-- areas_added_relation) and their values are computed from those sums as
-- ascof_measures computes a council's (percent: x 100; 2B and 2C: per 100,000
-- population). Numerator and denominator below the threshold suppressed
-- together with the value, the other breakdown of the same family (18 to 64 /
-- 65 and above, Male / Female) suppressed with it, counts rounded (macro
-- published_with_suppression).
{%- set dimensions = [
    'period_start_date', 'period_end_date', 'measure_id', 'previous_measure_id',
    'measure_part', 'measure_name', 'breakdown', 'value_unit', 'denominator_source'] %}
{%- set measures -%}
    (
        select
            *,
            case
                when breakdown in ('Male', 'Female') then 'gender'
                when breakdown in ('18 to 64', '65 and above') then 'age'
                else breakdown
            end as breakdown_family,
            cast(numerator as double)
            * case value_unit
                when 'percent' then 100.0
                when 'per 100,000 population' then 100000.0
            end
            / cast(nullif(denominator, 0) as double) as measure_value
        from {{ areas_added_relation(
            ref('ascof_measures'), dimensions, ['numerator', 'denominator']
        ) }}
    ) as measures
{%- endset %}

{{ published_with_suppression(
    measures,
    ['area_type', 'area_code', 'area_name', 'la_code', 'region_name']
    + dimensions + ['councils_included'],
    [{'counts': ['numerator', 'denominator'], 'dependents': ['measure_value']}],
    ['area_code', 'period_start_date', 'measure_id', 'measure_part',
     'breakdown_family']
) }}
