-- salt_sts001 for publication, with a row per region and for England (the sums of
-- the councils' exact counts, macro published_with_areas): counts below the
-- threshold suppressed, the next smallest cell of the same area's table
-- suppressed too when only one is, counts rounded (macro
-- published_with_suppression).
{{ published_with_areas(
    ref('salt_sts001'),
    ['period_start_date', 'period_end_date', 'age_band', 'route_of_access',
     'sequel'],
    [{'counts': ['request_count'], 'dependents': []}],
    ['period_start_date']
) }}
