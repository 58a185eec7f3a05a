-- Guard: more than half of the councils that sent a file with a plausible period
-- since the reporting period began have a file covering it, so the national
-- return is not a few councils' (a period pinned by vars that few files cover,
-- or files scattered over different periods). Fails the build (severity error).
{{ config(severity='error', tags=['guard']) }}

select
    period_end_date,
    case
        when councils_active = 0
            then concat(
                'no council sent a file with a plausible period since the',
                ' reporting period began on ',
                cast(period_start_date as {{ dbt.type_string() }}),
                ' (chosen by: ', period_choice, ')'
            )
        else
            concat(
                'only ', cast(councils_covering as {{ dbt.type_string() }}), ' of the ',
                cast(councils_active as {{ dbt.type_string() }}),
                ' councils sending files since it began have one covering the',
                ' reporting period ',
                cast(period_start_date as {{ dbt.type_string() }}), ' to ',
                cast(period_end_date as {{ dbt.type_string() }}),
                ' (chosen by: ', period_choice, ')'
            )
    end as problem
from {{ ref('int_reporting_periods') }}
where 2 * councils_covering <= councils_active
