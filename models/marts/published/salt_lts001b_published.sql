-- salt_lts001b for publication: counts below the threshold suppressed, the next
-- smallest cell of the same council table suppressed too when only one is,
-- counts rounded (macro published_with_suppression).
{{ published_with_suppression(
    ref('salt_lts001b'),
    ['la_code', 'period_start_date', 'period_end_date', 'table_part', 'age_band',
     'breakdown', 'breakdown_value', 'setting'],
    [{'counts': ['people_count'], 'dependents': []}],
    ['la_code', 'period_start_date', 'table_part']
) }}
