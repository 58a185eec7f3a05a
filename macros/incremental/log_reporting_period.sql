{#- Post-hook of int_reporting_periods: says in the build's log which period
    SALT, ASCOF and the journeys use and how it was chosen, so a build that
    rebuilds every council (a new period changes every council's key,
    int_council_inputs_keyed) shows the period beside it. -#}
{% macro log_reporting_period() %}
    {% if execute %}
        {% set period = run_query(
            'select period_start_date, period_end_date, period_choice from '
            ~ this).rows %}
        {% for row in period %}
            {% do log('Reporting period: ' ~ row[0] ~ ' to ' ~ row[1]
                ~ ' (' ~ row[2] ~ ')', info=true) %}
        {% endfor %}
    {% endif %}
    {{ return('') }}
{% endmacro %}
