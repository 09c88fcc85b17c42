"""Spreadsheets the platform writes: cells a spreadsheet would run are neutralised.

Every export that carries text someone else typed (names, file names, log
details) passes its cells through ``escape_formula``, so that opening the
file never runs ``=HYPERLINK(...)`` or ``@SUM(...)`` (OWASP, "CSV Injection").
It sits in audit, the bottom layer, so that every app can use it.
"""

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Return ``value`` with a leading apostrophe when a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
