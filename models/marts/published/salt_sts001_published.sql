-- salt_sts001 for publication: counts below the threshold suppressed, the next
-- smallest cell of the same council table suppressed too when only one is,
-- counts rounded (macro published_with_suppression).
{{ published_with_suppression(
    ref('salt_sts001'),
    ['la_code', 'period_start_date', 'period_end_date', 'age_band', 'route_of_access',
     'sequel'],
    [{'counts': ['request_count'], 'dependents': []}],
    ['la_code', 'period_start_date']
) }}
