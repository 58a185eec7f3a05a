"""A council's pre-submission check of one CLD file (scripts/check_submission.py).

Modules, in the order the check uses them: ``encoding`` and ``reading`` turn the
file's bytes into records and fields the way landing and staging do;
``headers`` matches the header to the canonical columns; ``contract`` applies the
file contract with Great Expectations; ``dbt_run`` builds the warehouse on the one
file; ``findings`` reads its rule results, ``figures`` the council's own figures
(and writes the Excel workbook) and ``drivers`` the people behind the changes
from a previous file; ``report`` writes the HTML report and the CSV of failures.
"""
