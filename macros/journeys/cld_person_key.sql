{#- The marts' person key, as SQL: a hash of the council code and the person's
    keyed pseudonym (person_id), so analysts join a council's facts to
    dim_people without any identifier; a blank council code counts as ''. -#}
{% macro cld_person_key(la_code, person_id) -%}
    {{ dbt.hash(dbt.concat(["coalesce(" ~ la_code ~ ", '')", "'|'", person_id])) }}
{%- endmacro %}
