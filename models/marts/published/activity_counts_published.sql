-- activity_counts for publication: each pair of an event count and its people
-- count (active, started, ended) is suppressed together when either is below
-- the threshold; secondary suppression within an area's breakdown of an
-- activity in a period (its values add up to the total); counts rounded
-- (macro published_with_suppression). Region and England rows come from the
-- councils' unsuppressed rows and are suppressed by the same rule.
{{ published_with_suppression(
    ref('activity_counts'),
    ['activity_count_id', 'area_type', 'area_code', 'area_name', 'la_code',
     'region_name', 'period_id', 'period_type', 'period_label',
     'period_start_date', 'period_end_date', 'activity', 'breakdown',
     'breakdown_value', 'councils_included'],
    [{'counts': ['event_count', 'people_count'], 'dependents': []},
     {'counts': ['started_event_count', 'started_people_count'], 'dependents': []},
     {'counts': ['ended_event_count', 'ended_people_count'], 'dependents': []}],
    ['area_code', 'period_id', 'activity', 'breakdown']
) }}
