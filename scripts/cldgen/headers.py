"""Column names of a CLD submission file in the two header styles we write."""

from __future__ import annotations

import re
from typing import Final

# Layer C: the national NHSE/DHSC table names (cld_spec.md section 2), spec order.
SNAKE_HEADERS: Final[tuple[str, ...]] = (
    "LA_Code",
    "Reporting_Period_Start_Date",
    "Reporting_Period_End_Date",
    "NHS_Number",
    "LA_Person_Unique_Identifier",
    "First_Name",
    "Last_Name",
    "GP_Practice_Name",
    "GP_Practice_Code",
    "Gender",
    "Ethnicity",
    "Date_of_Birth",
    "Date_of_Death",
    "Client_Type",
    "Primary_Support_Reason",
    "Postcode",
    "Accommodation_Status",
    "Employment_Status",
    "Has_Unpaid_Carer",
    "Autism_Spectrum_Disorder_ASD",
    "Visual_Impairment",
    "Hearing_Impairment",
    "Dementia",
    "Client_Funding_Status",
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Description",
    "Event_Outcome",
    "Request_Route_of_Access",
    "Assessment_Type",
    "Eligible_Needs_Identified",
    "Method_of_Assessment",
    "Total_Hrs_Caring_per_week",
    "No_of_adults_being_cared_for",
    "Adult_1_Linked_Person_ID",
    "Adult_2_Linked_Person_ID",
    "Adult_3_Linked_Person_ID",
    "Service_Type",
    "Service_Component",
    "Delivery_Mechanism",
    "Provider_CQC_Location_Name",
    "Provider_CQC_Location_ID",
    "Review_Reason",
    "Review_Outcomes_Achieved",
    "Method_of_Review",
    "Unit_Cost",
    "Cost_Frequency_Unit_Type",
    "Planned_units_per_week",
)

# Layer A: the human names of the specification workbook (cld_spec.md section 3).
SPEC_HEADERS: Final[tuple[str, ...]] = (
    "LA Code",
    "Reporting Period Start Date",
    "Reporting Period End Date",
    "NHS Number",
    "LA Person Unique Identifier",
    "First Name",
    "Last Name",
    "GP Practice Name",
    "GP Practice Code",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Date of Death",
    "Client Type",
    "Primary Support Reason",
    "Postcode",
    "Accommodation Status",
    "Employment Status",
    "Has Unpaid Carer",
    "Autism Spectrum Disorder (ASD)",
    "Visual Impairment",
    "Hearing Impairment",
    "Dementia",
    "Client Funding Status",
    "Event Type",
    "Event Reference",
    "Event Start Date",
    "Event End Date",
    "Event Description",
    "Event Outcome",
    "Request: Route of Access",
    "Assessment Type",
    "Eligible Needs Identified",
    "Method of Assessment",
    "Total Hrs Caring per week",
    "No. of adults being cared for",
    "Adult 1 Linked Person_ID",
    "Adult 2 Linked Person_ID",
    "Adult 3 Linked Person_ID",
    "Service Type",
    "Service Component",
    "Delivery Mechanism",
    "Provider CQC Location Name",
    "Provider CQC Location ID",
    "Review Reason",
    "Review Outcomes Achieved",
    "Method of Review",
    "Unit Cost (£)",
    "Cost Frequency (Unit Type)",
    "Planned units per week",
)

# Canonical lower-snake names (used in metadata such as _meta/defects.csv).
CANONICAL_COLUMNS: Final[tuple[str, ...]] = tuple(h.lower() for h in SNAKE_HEADERS)
COL: Final[dict[str, int]] = {name: i for i, name in enumerate(CANONICAL_COLUMNS)}
N_COLUMNS: Final[int] = len(CANONICAL_COLUMNS)

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def normalise_key(text: str) -> str:
    """Return the comparison key of a header or list value.

    Lower-case, ``&`` becomes ``and``, and every character outside ``[a-z0-9]`` is
    dropped, so ``"Request: Route of Access"`` and ``Request_Route_of_Access`` share
    the key ``requestrouteofaccess``.
    """
    return _NON_ALNUM.sub("", text.lower().replace("&", "and"))


def headers_for(style: str) -> tuple[str, ...]:
    """Return the header row for a header style (``snake`` or ``spec``)."""
    if style == "snake":
        return SNAKE_HEADERS
    if style == "spec":
        return SPEC_HEADERS
    msg = f"unknown header style {style!r}"
    raise ValueError(msg)
