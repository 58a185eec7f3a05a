-- activity_costs for publication: the services and people, the costed
-- services with the costs in the window, the people costed by the week with
-- the weekly and full-year costs and the average, and each not-costed and
-- negative-value count are suppressed when below the threshold, with
-- secondary suppression within an area's breakdown; counts rounded, costs to
-- the penny (macro published_with_suppression).
{{ published_with_suppression(
    ref('activity_costs'),
    ['activity_cost_id', 'area_type', 'area_code', 'area_name', 'la_code',
     'region_name', 'period_start_date', 'period_end_date', 'window_start_date',
     'window_end_date', 'breakdown', 'breakdown_value', 'councils_included'],
    [{'counts': ['service_count', 'people_count'], 'dependents': []},
     {'counts': ['costed_service_count'],
      'dependents': ['cost_in_window', 'one_off_cost']},
     {'counts': ['weekly_costed_people_count'],
      'dependents': ['weekly_cost', 'full_year_equivalent_cost',
                     'average_weekly_cost_per_person']},
     {'counts': ['not_costed_no_unit_cost_count'], 'dependents': []},
     {'counts': ['not_costed_no_units_count'], 'dependents': []},
     {'counts': ['negative_value_count'], 'dependents': []}],
    ['area_code', 'breakdown'],
    dependent_decimals=2
) }}
