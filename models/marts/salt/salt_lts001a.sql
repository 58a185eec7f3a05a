-- SALT LTS001a: people receiving long-term support at any time in the period,
-- by age band at the period end, primary support reason and setting (each
-- person once, in the highest setting; int_long_term_clients_resolved).
{{ salt_people_by_support_reason('in_year') }}
