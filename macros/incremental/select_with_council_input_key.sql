{#- The last step of a model stored council by council (config_stored_by_part
    on la_code): the rows of the CTE `rows_cte` with their council's key from
    int_council_inputs_keyed, which the next build compares. Every council here
    has a key; the join is left so that a unit test may give none. -#}
{% macro select_with_council_input_key(rows_cte) %}
council_inputs as (
    select
        la_code,
        council_input_key
    from {{ ref('int_council_inputs_keyed') }}
)

select
    {{ rows_cte }}.*,
    council_inputs.council_input_key
from {{ rows_cte }}
left join council_inputs
    on {{ rows_cte }}.la_code = council_inputs.la_code
{% endmacro %}
