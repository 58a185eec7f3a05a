-- waiting_times for publication: a wait count below the threshold suppresses
-- it with its percentiles, a still-waiting count below it with its median;
-- secondary suppression within an area's quarter and metric (its two age
-- bands), counts rounded (macro published_with_suppression). The mart has the
-- region and England rows already (their medians need the requests).
{{ published_with_suppression(
    ref('waiting_times'),
    ['area_type', 'area_code', 'area_name', 'la_code', 'region_name',
     'quarter_start_date', 'quarter_end_date', 'age_band', 'metric',
     'councils_included'],
    [{'counts': ['waits_count'],
      'dependents': ['median_wait_days', 'p75_wait_days', 'p90_wait_days']},
     {'counts': ['still_waiting_count'],
      'dependents': ['still_waiting_median_days']}],
    ['area_code', 'quarter_start_date', 'metric']
) }}
