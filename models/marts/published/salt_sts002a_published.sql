-- salt_sts002a for publication, with a row per region and for England (the sums of
-- the councils' exact counts, macro published_with_areas): counts below the
-- threshold suppressed, the next smallest cell of the same area's table
-- suppressed too when only one is, counts rounded (macro
-- published_with_suppression).
{{ published_with_areas(
    ref('salt_sts002a'),
    ['period_start_date', 'period_end_date', 'age_band', 'sequel', 'breakdown',
     'breakdown_value'],
    [{'counts': ['episode_count'], 'dependents': []}],
    ['period_start_date', 'breakdown']
) }}
