-- SALT LTS001c: people receiving long-term support at the period end whose
-- unbroken support began at least 12 months before it (var lts001c_cutoff), by
-- age band, primary support reason and setting (int_long_term_clients_resolved).
{{ salt_people_by_support_reason('over_12_months') }}
