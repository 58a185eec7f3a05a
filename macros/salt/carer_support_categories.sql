{#- SALT's carer "support provided" categories, best first (the hierarchy of
    LTS003 and ASCOF 3D carers, shared/reference/salt_ascof_rules.md §4.10);
    a category's rank is its position (1 = best). -#}
{% macro carer_support_categories() -%}
    {{ return([
        'Direct Payment only',
        'CASSR Managed Personal Budget',
        'CASSR Commissioned Support only',
        'Support Direct to Carer: Unknown Delivery Mech',
        'Information, Advice and Other Universal Services / Signposting',
        'No Direct Support Provided to Carer'
    ]) }}
{%- endmacro %}

{#- SQL: the category named by `rank_expression` (1 to 6), else NULL. -#}
{% macro carer_support_category_named(rank_expression) -%}
    case {{ rank_expression }}
        {% for category in carer_support_categories() %}
            when {{ loop.index }} then '{{ category }}'
        {% endfor %}
    end
{%- endmacro %}

{#- SQL: the rank (1 to 6) of the category in `category_expression`. -#}
{% macro carer_support_category_rank(category_expression) -%}
    case {{ category_expression }}
        {% for category in carer_support_categories() %}
            when '{{ category }}' then {{ loop.index }}
        {% endfor %}
    end
{%- endmacro %}
