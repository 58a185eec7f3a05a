"""Weights of the defined-list codes drawn by the simulator, and service costs.

Keys are the stable codes of ``seeds/cld_defined_lists.csv``.  A code missing from
a release is replaced by its equivalent (see ``vocab._FALLBACKS`` and the seed's R1
-> R2 mapping) or dropped, so one table serves both releases.  The proportions are
plausible guesses, not published figures.
"""

from __future__ import annotations

from typing import Final

Weights = dict[str, float]

# fmt: off
# (chooser name, field, weights, returns codes rather than labels)
CHOOSERS: Final[tuple[tuple[str, str, Weights, bool], ...]] = (
    # ---- person attributes
    ("gender_su", "gender",
     {"female": 57, "male": 42, "other": 0.3, "unknown": 0.7}, False),
    ("gender_carer", "gender",
     {"female": 65, "male": 34.5, "other": 0.2, "unknown": 0.3}, False),
    ("ethnicity", "ethnicity", {
        "white_british": 78, "white_irish": 1, "white_gypsy_or_irish_traveller": 0.2,
        "white_roma": 0.1, "white_other": 4, "mixed_white_and_black_caribbean": 0.4,
        "mixed_white_and_black_african": 0.3, "mixed_white_and_asian": 0.4,
        "mixed_other": 0.4, "asian_indian": 2.5, "asian_pakistani": 1.8,
        "asian_bangladeshi": 0.6, "asian_chinese": 0.4, "asian_other": 0.8,
        "black_african": 1.5, "black_caribbean": 1.2, "black_other": 0.4,
        "other_arab": 0.3, "other_ethnic_group": 0.6, "refused": 1,
        "undeclared_or_not_known": 3.5}, False),
    ("psr_su", "primary_support_reason", {
        "physical_personal_care": 44, "physical_access_and_mobility": 10,
        "memory_and_cognition": 12, "learning_disability": 10, "mental_health": 12,
        "sensory_visual_impairment": 1.2, "sensory_hearing_impairment": 1,
        "sensory_dual_impairment": 0.4, "social_substance_misuse": 1.2,
        "social_asylum_seeker": 0.3, "social_isolation_or_other": 4,
        "unknown": 2}, True),
    ("accommodation", "accommodation_status", {
        "owner_occupier": 34, "tenant_social_housing": 20,
        "tenant_private_landlord": 7, "settled_with_family_or_friends": 12,
        "supported_accommodation": 5, "shared_lives_scheme": 1,
        "approved_premises_offenders": 0.3, "sheltered_or_extra_care_housing": 7,
        "mobile_accommodation_gypsy_roma_traveller": 0.2,
        "rough_sleeper_or_squatting": 0.3, "night_shelter_or_hostel": 0.3,
        "refuge": 0.1, "temporary_accommodation_by_council": 0.5,
        "staying_with_family_or_friends_short_term": 0.5,
        "hospital_or_healthcare_residential": 1, "registered_care_home": 1,
        "registered_nursing_home": 0.3, "prison_yoi_or_detention_centre": 0.05,
        "other_temporary_accommodation": 0.5, "unknown": 4}, False),
    ("accommodation_ld", "accommodation_status", {
        "owner_occupier": 8, "tenant_social_housing": 12,
        "tenant_private_landlord": 3, "settled_with_family_or_friends": 30,
        "supported_accommodation": 30, "shared_lives_scheme": 5,
        "registered_care_home": 4, "unknown": 3}, False),
    ("accommodation_carer", "accommodation_status", {
        "owner_occupier": 55, "tenant_social_housing": 18,
        "tenant_private_landlord": 8, "settled_with_family_or_friends": 12,
        "unknown": 7}, False),
    ("employment_young", "employment_status", {
        "paid_less_than_16_hours": 4, "paid_16_or_more_hours": 3,
        "paid_hours_unknown": 1, "not_paid_seeking_work": 6,
        "not_paid_not_seeking_or_retired": 60, "not_paid_voluntary_work_only": 3,
        "unknown": 23}, False),
    ("employment_ld", "employment_status", {
        "paid_less_than_16_hours": 8, "paid_16_or_more_hours": 4,
        "paid_hours_unknown": 2, "not_paid_seeking_work": 10,
        "not_paid_not_seeking_or_retired": 55, "not_paid_voluntary_work_only": 8,
        "unknown": 13}, False),
    ("employment_old", "employment_status",
     {"not_paid_not_seeking_or_retired": 80, "unknown": 20}, False),
    ("employment_carer", "employment_status", {
        "paid_less_than_16_hours": 10, "paid_16_or_more_hours": 25,
        "paid_hours_unknown": 3, "not_paid_seeking_work": 4,
        "not_paid_not_seeking_or_retired": 40, "not_paid_voluntary_work_only": 3,
        "unknown": 15}, False),
    ("has_carer_su", "has_unpaid_carer", {"yes": 38, "no": 48, "unknown": 14}, True),
    ("has_carer_carer", "has_unpaid_carer",
     {"yes": 10, "no": 70, "unknown": 20}, True),
    ("asd", "autism_spectrum_disorder_asd",
     {"yes": 3, "no": 72, "unknown": 25}, False),
    ("asd_ld", "autism_spectrum_disorder_asd",
     {"yes": 25, "no": 55, "unknown": 20}, False),
    ("visual", "visual_impairment", {
        "no_visual_impairment": 80, "partial_sight_sight_impaired": 5,
        "blind_severely_sight_impaired": 2, "visual_impairment_severity_unknown": 1,
        "unknown": 12}, False),
    ("hearing", "hearing_impairment", {
        "no_hearing_impairment": 78, "hard_of_hearing": 8, "deaf_with_speech": 1,
        "deaf_without_speech": 0.5, "hearing_impairment_severity_unknown": 1,
        "unknown": 11}, False),
    ("dementia", "dementia", {"yes": 12, "no": 68, "unknown": 20}, False),
    ("dementia_old", "dementia", {"yes": 30, "no": 50, "unknown": 20}, False),
    # The "not to be used yet" funding values are left out on purpose (CLD-029).
    ("funding", "client_funding_status", {
        "fully_social_care_funded": 55, "joint_client_and_social_care_funded": 33,
        "full_cost_client_18_3": 4, "unknown_individual_level": 8}, False),
    # ---- requests
    ("route_su", "request_route_of_access", {
        "community_other_route": 42, "discharge_from_hospital": 22,
        "diversion_from_hospital_services": 8, "planned_entry_transition": 4,
        "self_funder": 6, "discharge_from_reablement": 8,
        "transfer_from_other_la": 3}, True),
    ("route_carer", "request_route_of_access", {
        "community_other_route": 85, "discharge_from_hospital": 8,
        "planned_entry_transition": 3, "self_funder": 2,
        "transfer_from_other_la": 2}, True),
    ("request_outcome", "event_outcome", {
        "nfa_information_advice_signposting": 30, "progress_to_assessment": 27,
        "progress_to_reablement_st_max": 12,
        "progress_to_support_planning_or_services": 9, "nfa_support_declined": 5,
        "nfa_self_funded_client": 4, "nfa_100_percent_nhs_funded_care": 2,
        "nfa_no_services_offered_other_reason": 4, "nfa_other": 2,
        "nfa_moved_to_another_la": 1, "progress_to_end_of_life_care": 1.5,
        "nfa_referral_to_other_la_service": 3}, True),
    ("request_outcome_hospital", "event_outcome", {
        "progress_to_reablement_st_max": 35, "progress_to_assessment": 30,
        "progress_to_support_planning_or_services": 8,
        "nfa_information_advice_signposting": 8,
        "nfa_100_percent_nhs_funded_care": 6, "nfa_support_declined": 4,
        "nfa_self_funded_client": 3, "progress_to_end_of_life_care": 3,
        "nfa_no_services_offered_other_reason": 3}, True),
    ("request_outcome_carer", "event_outcome", {
        "progress_to_assessment": 60, "nfa_information_advice_signposting": 30,
        "progress_to_support_planning_or_services": 5,
        "nfa_support_declined": 5}, True),
    # ---- assessments
    ("assess_eligible", "event_outcome", {
        "progress_to_support_planning_or_services": 60,
        "progress_to_financial_assessment": 22,
        "progress_to_reablement_st_max": 8, "nfa_support_declined": 5,
        "nfa_self_funded_client": 5}, True),
    ("assess_not_eligible", "event_outcome", {
        "nfa_information_advice_signposting": 50,
        "nfa_no_services_offered_other_reason": 30, "nfa_other": 8,
        "nfa_referral_to_other_la_service": 8, "nfa_self_funded_client": 4}, True),
    ("assess_short", "event_outcome", {
        "progress_to_reablement_st_max": 40,
        "progress_to_support_planning_or_services": 30,
        "nfa_information_advice_signposting": 20, "nfa_other": 5,
        "nfa_100_percent_nhs_funded_care": 5}, True),
    ("assess_carer", "event_outcome", {
        "progress_to_support_planning_or_services": 62,
        "nfa_information_advice_signposting": 25, "nfa_support_declined": 8,
        "nfa_no_services_offered_other_reason": 5}, True),
    ("eligible", "eligible_needs_identified", {
        "eligible_needs_identified": 68, "non_eligible_needs_identified": 20,
        "no_needs_identified": 12}, True),
    ("method_su", "method_of_assessment",
     {"service_user_only": 60, "service_user_and_carer": 40}, False),
    ("method_carer", "method_of_assessment",
     {"carer_only": 70, "service_user_and_carer": 30}, False),
    # ---- service endings
    ("lt_end", "event_outcome", {
        "support_ended_as_planned": 22, "nfa_support_ended_other_reason": 20,
        "nfa_100_percent_nhs_funded_care": 14, "admitted_to_hospital": 14,
        "nfa_moved_to_another_la": 8, "nfa_self_funded_client": 10,
        "nfa_support_declined": 7, "nfa_information_advice_signposting": 2,
        "nfa_other": 1}, True),
    ("st_end", "event_outcome", {
        "support_ended_as_planned": 60, "admitted_to_hospital": 10,
        "nfa_support_ended_other_reason": 8, "nfa_support_declined": 6,
        "nfa_self_funded_client": 4, "nfa_100_percent_nhs_funded_care": 3,
        "nfa_information_advice_signposting": 4, "nfa_moved_to_another_la": 1,
        "nfa_no_services_offered_other_reason": 1, "nfa_other": 1}, True),
    ("carer_service_end", "event_outcome", {
        "support_ended_as_planned": 70, "nfa_support_ended_other_reason": 15,
        "nfa_support_declined": 8, "nfa_moved_to_another_la": 2,
        "nfa_other": 5}, True),
    # ---- reviews
    ("review_outcome", "event_outcome", {
        "no_change_in_package": 58,
        "progress_to_reassessment_or_unplanned_review": 20,
        "progress_to_reablement_st_max": 3, "nfa_support_ended_other_reason": 5,
        "nfa_support_declined": 2, "nfa_self_funded_client": 3,
        "nfa_100_percent_nhs_funded_care": 4, "nfa_moved_to_another_la": 1,
        "progress_to_end_of_life_care": 1}, True),
    ("review_outcome_carer", "event_outcome", {
        "no_change_in_package": 70,
        "progress_to_reassessment_or_unplanned_review": 15,
        "nfa_support_ended_other_reason": 10, "nfa_support_declined": 5}, True),
    ("review_method_su", "method_of_review",
     {"service_user_only": 55, "service_user_and_carer": 45}, False),
    ("review_method_carer", "method_of_review",
     {"carer_only": 75, "service_user_and_carer": 25}, False),
    ("unplanned_reason", "review_reason", {
        "unplanned_hospital": 30, "unplanned_carer_related": 10,
        "unplanned_safeguarding_concern": 15, "unplanned_other_reason": 30,
        "unplanned_provider_failure": 5,
        "unplanned_change_in_commissioning": 10}, False),
    ("outcomes_achieved", "review_outcomes_achieved",
     {"fully_met": 55, "partially_met": 35, "not_met": 10}, False),
    # ---- services
    ("lt_setting", "service_type", {
        "lt_community": 72, "lt_residential_care": 15, "lt_nursing_care": 12,
        "lt_prison": 0.6}, True),
    ("community_component", "service_component", {
        "home_support": 45, "day_support": 12, "shared_lives": 3,
        "community_supported_living": 8, "meals": 3, "transport": 3,
        "learning_education_employment_support": 3, "other_long_term_support": 5,
        "extra_care_housing": 4, "professional_support_social_worker": 2,
        "professional_support_other": 1, "equipment": 2}, True),
    ("community_extra", "service_component", {
        "day_support": 35, "meals": 15, "transport": 20, "equipment": 15,
        "other_long_term_support": 15}, True),
    ("prison_component", "service_component", {
        "home_support": 30, "professional_support_social_worker": 20,
        "professional_support_other": 10, "equipment": 20,
        "other_long_term_support": 20}, True),
    ("low_level_component", "service_component", {
        "equipment": 35, "meals": 10, "transport": 10,
        "professional_support_social_worker": 12, "professional_support_other": 8,
        "other_short_term_support": 15, "home_support": 10}, True),
    ("other_short_component", "service_component", {
        "short_term_residential_care": 28, "short_term_nursing_care": 10,
        "emergency_support": 14, "other_short_term_support": 22,
        "home_support": 16}, True),
    ("carer_direct_component", "service_component", {
        "carer_universal_services": 30, "other_carer_support": 40,
        "carer_respite": 15, "carer_sitting_service": 15}, True),
    ("carer_involving_component", "service_component",
     {"carer_respite": 60, "carer_sitting_service": 40}, True),
    # Delivery mechanism ("" = left blank); never Direct Payment in prison (CLD-074)
    # and never "Self-Funder Metering Only" (CLD-075).
    ("mech_lt_community", "delivery_mechanism", {
        "direct_payment": 25, "cassr_managed_personal_budget": 18,
        "cassr_commissioned_support": 57}, True),
    ("mech_lt_prison", "delivery_mechanism",
     {"cassr_managed_personal_budget": 30, "cassr_commissioned_support": 70}, True),
    ("mech_care_home", "delivery_mechanism", {
        "cassr_commissioned_support": 88, "cassr_managed_personal_budget": 7,
        "": 5}, True),
    ("mech_st_max", "delivery_mechanism",
     {"cassr_commissioned_support": 92, "": 8}, True),
    ("mech_short", "delivery_mechanism", {
        "cassr_commissioned_support": 70, "cassr_managed_personal_budget": 8,
        "": 22}, True),
    ("mech_carer", "delivery_mechanism", {
        "direct_payment": 45, "cassr_commissioned_support": 35,
        "cassr_managed_personal_budget": 15, "": 5}, True),
)

# Component code -> options (frequency code, weight, cost low, cost high, planned
# units per week low, high).  Units are drawn only for per-session, hourly and
# daily frequencies and stay within CLD-081's plausible ranges.
CostOption = tuple[str, float, float, float, int, int]
COSTS: Final[dict[str, tuple[CostOption, ...]]] = {
    "reablement": (("hourly", 1, 18, 32, 3, 21),),
    "home_support": (("hourly", 8, 18, 32, 2, 35), ("weekly", 2, 120, 900, 0, 0)),
    "day_support": (("per_session", 6, 30, 85, 1, 5), ("daily", 3, 40, 95, 1, 5)),
    "meals": (("per_session", 7, 4, 9, 3, 14), ("weekly", 3, 25, 60, 0, 0)),
    "transport": (("per_session", 7, 8, 30, 1, 10), ("monthly", 3, 40, 150, 0, 0)),
    "equipment": (("one_off", 1, 20, 1500, 0, 0),),
    "direct_payment": (("weekly", 5, 80, 750, 0, 0),
                       ("four_weekly", 3, 300, 2800, 0, 0),
                       ("monthly", 2, 350, 3200, 0, 0),
                       ("fortnightly", 1, 160, 1500, 0, 0)),
    "shared_lives": (("weekly", 6, 300, 750, 0, 0), ("daily", 4, 45, 110, 1, 7)),
    "community_supported_living": (("weekly", 5, 600, 2200, 0, 0),
                                   ("hourly", 5, 19, 30, 10, 60)),
    "professional_support": (("hourly", 5, 30, 65, 1, 4),
                             ("one_off", 2, 50, 400, 0, 0)),
    "professional_support_social_worker": (("hourly", 5, 30, 65, 1, 4),
                                           ("one_off", 2, 50, 400, 0, 0)),
    "professional_support_other": (("hourly", 5, 30, 65, 1, 4),
                                   ("one_off", 2, 50, 400, 0, 0)),
    "learning_education_employment_support": (("per_session", 6, 25, 70, 1, 5),
                                              ("quarterly", 2, 300, 1500, 0, 0)),
    "end_of_life_care": (("hourly", 6, 20, 35, 5, 40), ("weekly", 4, 500, 1400, 0, 0)),
    "emergency_support": (("daily", 5, 60, 200, 1, 7), ("one_off", 3, 80, 600, 0, 0)),
    "other_short_term_support": (("weekly", 4, 100, 600, 0, 0),
                                 ("one_off", 3, 50, 500, 0, 0),
                                 ("fortnightly", 1, 200, 900, 0, 0)),
    "other_long_term_support": (("weekly", 4, 100, 800, 0, 0),
                                ("monthly", 3, 300, 2500, 0, 0),
                                ("quarterly", 2, 600, 4000, 0, 0),
                                ("annually", 2, 1500, 9000, 0, 0)),
    "extra_care_housing": (("weekly", 1, 150, 550, 0, 0),),
    "short_term_residential_care": (("daily", 5, 90, 190, 1, 7),
                                    ("weekly", 5, 650, 1300, 0, 0)),
    "short_term_nursing_care": (("daily", 5, 110, 230, 1, 7),
                                ("weekly", 5, 800, 1600, 0, 0)),
    "long_term_residential_care": (("weekly", 9, 650, 1300, 0, 0),
                                   ("daily", 1, 95, 190, 7, 7)),
    "long_term_nursing_care": (("weekly", 9, 850, 1700, 0, 0),
                               ("daily", 1, 120, 240, 7, 7)),
    "carer_respite": (("per_session", 4, 40, 150, 1, 3), ("daily", 4, 100, 220, 1, 7),
                      ("one_off", 2, 150, 1200, 0, 0)),
    "carer_sitting_service": (("hourly", 1, 16, 28, 2, 12),),
    "carer_universal_services": (("annually", 5, 100, 600, 0, 0),
                                 ("one_off", 5, 50, 400, 0, 0)),
    "other_carer_support": (("one_off", 5, 100, 1000, 0, 0),
                            ("monthly", 2, 30, 200, 0, 0),
                            ("quarterly", 2, 80, 500, 0, 0),
                            ("annually", 2, 150, 900, 0, 0)),
}

CARING_HOURS: Final[tuple[int, ...]] = (
    5, 8, 10, 12, 14, 15, 20, 20, 21, 25, 28, 30, 35, 35, 40, 42, 50, 56, 60, 70, 84,
    100, 112, 168,
)
# fmt: on
