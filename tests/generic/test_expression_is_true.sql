{#- Fails on every row where `expression` is not true (false or NULL).
    Arguments: expression (SQL boolean over the model's columns). -#}
{% test expression_is_true(model, expression) %}

with validation_errors as (
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
)

select * from validation_errors

{% endtest %}
