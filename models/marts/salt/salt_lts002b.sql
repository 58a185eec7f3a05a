-- SALT LTS002b: reviews held with people in long-term support for more than 12
-- months at the period end (LTS001c's people), ended in the period, by what
-- followed.
{{ salt_reviews_by_sequel('over_12_months') }}
