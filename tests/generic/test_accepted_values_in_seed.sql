{#- Fails on every non-null value of `column_name` missing from `seed_column` of
    `seed`, optionally only among seed rows where `seed_filter` holds.
    Arguments: seed (a ref), seed_column, seed_filter (optional SQL). -#}
{% test accepted_values_in_seed(model, column_name, seed, seed_column, seed_filter=none) %}

with allowed_values as (
    select {{ seed_column }} as allowed_value
    from {{ seed }}
    {% if seed_filter %}where {{ seed_filter }}{% endif %}
),

validation_errors as (
    select {{ column_name }} as value_not_in_seed
    from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} not in (select allowed_value from allowed_values)
)

select * from validation_errors

{% endtest %}
