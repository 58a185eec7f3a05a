{#- The value of a behaviour var where NHS England's published principles and
    its published code differ: the var's own value when the user sets it, else
    the choice of var `method` ('principles', the default, or
    'nhs_england_code', every code behaviour the project reproduces). The
    table below is the one place that says which value each method takes. -#}
{% macro method_choice(name) -%}
    {%- set choices = {
        'age_method': {'principles': 'exact', 'nhs_england_code': 'proxy'},
        'sequel_rules': {'principles': 'principles', 'nhs_england_code': 'code'},
        'lts001c_cutoff': {'principles': 'principles', 'nhs_england_code': 'code'},
        'lts004_include_prison': {'principles': false, 'nhs_england_code': true},
        'lts001_age_bands': {'principles': 'all', 'nhs_england_code': 'adults'},
        'rows_without_birth_date': {
            'principles': 'kept', 'nhs_england_code': 'dropped'},
        'long_term_support_rows': {
            'principles': 'services', 'nhs_england_code': 'service_type'},
        'request_cluster_end': {
            'principles': 'cluster', 'nhs_england_code': 'requests_in_period'},
        'events_after_period_end': {
            'principles': 'kept', 'nhs_england_code': 'dropped'},
        'assessment_review_versions': {
            'principles': 'latest', 'nhs_england_code': 'all'},
        'person_id_scope': {
            'principles': 'history', 'nhs_england_code': 'table_extract'},
        'ascof_2b_2c_rules': {'principles': 'code', 'nhs_england_code': 'code'},
    } -%}
    {%- set method = var('method') -%}
    {%- if method not in ['principles', 'nhs_england_code'] -%}
        {{ exceptions.raise_compiler_error(
            "var method must be 'principles' or 'nhs_england_code', not " ~ method) }}
    {%- endif -%}
    {%- set value = var(name, none) -%}
    {{ return(choices[name][method] if value is none else value) }}
{%- endmacro %}
