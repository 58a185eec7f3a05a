-- Guard: the reporting period ends on or before the build date. A later end
-- (vars period_end, or a bug in the choice) leaves no file covering it and
-- empties every statistics table. Fails the build (severity error).
{{ config(severity='error', tags=['guard']) }}

select
    period_end_date,
    concat(
        'the reporting period ends on ',
        cast(period_end_date as {{ dbt.type_string() }}),
        ', after the build date ', cast(current_date as {{ dbt.type_string() }}),
        ' (chosen by: ', period_choice, ')'
    ) as problem
from {{ ref('int_reporting_periods') }}
where period_end_date > current_date
