-- SALT LTS002a: reviews held with people who had long-term support in the
-- period (LTS001a's people), ended in the period, by what followed.
{{ salt_reviews_by_sequel('in_year') }}
