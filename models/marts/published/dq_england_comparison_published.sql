-- dq_england_comparison for publication: each count pair (rows checked and
-- valid; rows and failed; rule rows checked and failed) is suppressed with its
-- rate when below the threshold, with secondary suppression within an area's
-- module; counts rounded, rates to 4 decimals (macro
-- published_with_suppression). England's rates, from every council's rows,
-- are shown as they are.
{{ published_with_suppression(
    ref('dq_england_comparison'),
    ['dq_comparison_id', 'area_type', 'area_code', 'area_name', 'la_code',
     'region_name', 'module', 'field_name', 'england_valid_rate',
     'england_failure_rate', 'england_rule_failure_rate', 'councils_included'],
    [{'counts': ['rows_checked', 'rows_valid'], 'dependents': ['valid_rate']},
     {'counts': ['rows_in_file', 'rows_failed'], 'dependents': ['failure_rate']},
     {'counts': ['rule_rows_checked', 'rule_rows_failed'],
      'dependents': ['rule_failure_rate']}],
    ['area_code', 'module'],
    dependent_decimals=4
) }}
