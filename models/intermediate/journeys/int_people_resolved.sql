-- One row per person and council in the history with one value for each
-- person-level field, known first (dhsc_pipeline.md §3; not the date-first
-- order of salt_ascof_rules.md §2.11): among the person's rows, a known value
-- beats an unknown or blank one, then the latest received file (a corrected
-- resend wins), then the row with the latest start; when
-- the winning rows still disagree the value is 'unknown' (ethnicity:
-- 'undeclared_or_not_known'). Codes are the canonical defined-list codes, so
-- Release 1 and Release 2 spellings of one value agree. The date of death and
-- the proxy birth date come from the latest received file that gives one (the
-- earliest birth date and the latest death in it); every SALT and ASCOF table
-- takes them from here (doc block person_attributes_rule).
-- Stored, not a view: its tests and children each re-derived the view at
-- national scale (about 1.5 minutes a reader, scripts/benchmark.py). Stored
-- council by council (int_council_inputs_keyed): a resubmission rebuilds only
-- its council's people.
{{ config_stored_by_part(
    'la_code', 'int_council_inputs_keyed', version_columns=['council_input_key']
) }}
{%- set fields = {
    'gender': 'unknown',
    'ethnicity': 'undeclared_or_not_known',
    'primary_support_reason': 'unknown',
    'has_unpaid_carer': 'unknown',
    'accommodation_status': 'unknown',
    'employment_status': 'unknown'
} %}

-- The person as the latest file's extract finds it where the history's finds
-- none (var person_id_scope, int_events_identified).
with person_rows as (
    select
        la_code,
        council_input_key,
        coalesce(person_id, latest_file_person_id) as person_id,
        case
            when person_id is not null then person_id_source
            when latest_file_person_id is not null then 'la_person_id'
        end as person_id_source,
        client_type_code,
        received_date,
        event_start_date,
        date_of_death,
        proxy_date_of_birth,
        {% for field_name in fields %}
            {{ field_name }}_code{% if not loop.last %},{% endif %}
        {% endfor %}
    from {{ ref('int_events_identified') }}
    where
        coalesce(person_id, latest_file_person_id) is not null
        and {{ is_partition_unbuilt('la_code') }}
),

-- The dates are DHSC's (dhsc_pipeline.md, latest person details): a known date
-- first, then the latest received file that gives one (a corrected resend
-- wins), then the earliest birth date and the latest date of death.
dated_rows as (
    select
        *,
        max(case when date_of_death is not null then received_date end) over (
            partition by la_code, person_id
        ) as death_received_date,
        max(case when proxy_date_of_birth is not null then received_date end) over (
            partition by la_code, person_id
        ) as birth_received_date
    from person_rows
),

people as (
    select
        la_code,
        person_id,
        min(council_input_key) as council_input_key,
        min(person_id_source) as person_id_source,
        max(case when client_type_code = 'service_user' then 1 else 0 end)
            as is_service_user,
        max(case
            when client_type_code in ('carer', 'carer_known_by_association')
                then 1
            else 0
        end) as is_carer,
        max(case
            when received_date is not distinct from death_received_date
                then date_of_death
        end) as date_of_death,
        min(case
            when received_date is not distinct from birth_received_date
                then proxy_date_of_birth
        end) as proxy_date_of_birth,
        min(event_start_date) as first_event_start_date,
        max(event_start_date) as last_event_start_date,
        count(*) as submitted_rows
    from dated_rows
    group by 1, 2
),

{% for field_name, unknown_code in fields.items() %}
    {{ field_name }}_ranked as (
        select
            la_code,
            person_id,
            {{ field_name }}_code as value_code,
            dense_rank() over (
                partition by la_code, person_id
                order by
                    case
                        when {{ field_name }}_code in ('unknown', '{{ unknown_code }}')
                            then 1
                        else 0
                    end,
                    received_date desc,
                    case when event_start_date is null then 1 else 0 end,
                    event_start_date desc
            ) as value_rank
        from person_rows
        where {{ field_name }}_code is not null
    ),

    {{ field_name }}_resolved as (
        select
            la_code,
            person_id,
            case
                when count(distinct value_code) = 1 then min(value_code)
                else '{{ unknown_code }}'
            end as value_code
        from {{ field_name }}_ranked
        where value_rank = 1
        group by 1, 2
    ),
{% endfor %}

reporting_periods as (
    select period_end_date
    from {{ ref('int_reporting_periods') }}
)

select
    people.la_code,
    people.council_input_key,
    people.person_id,
    people.person_id_source,
    people.is_service_user = 1 as is_service_user,
    people.is_carer = 1 as is_carer,
    {% for field_name in fields %}
        {{ field_name }}_resolved.value_code as {{ field_name }}_code,
    {% endfor %}
    people.date_of_death,
    people.proxy_date_of_birth,
    {{ age_in_years(
        'people.proxy_date_of_birth', 'reporting_periods.period_end_date'
    ) }}
        as age_at_period_end,
    people.first_event_start_date,
    people.last_event_start_date,
    cast(people.submitted_rows as bigint) as submitted_rows
from people
cross join reporting_periods
{% for field_name in fields %}
    left join {{ field_name }}_resolved
        on
            people.la_code = {{ field_name }}_resolved.la_code
            and people.person_id = {{ field_name }}_resolved.person_id
{% endfor %}
