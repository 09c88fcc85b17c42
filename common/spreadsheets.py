"""Cells that a spreadsheet would run as formulas, written as text (OWASP "CSV injection").

A cell starting with ``= + - @`` (or a tab or carriage return) gets a leading
apostrophe. Text that already starts with apostrophes before such a character
gets one more, so ``unescape_formula`` always gives back the original.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Return ``value`` so that no spreadsheet reads it as a formula (non-text unchanged)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula``; any other text is returned unchanged."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text
