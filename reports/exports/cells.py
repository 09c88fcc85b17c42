"""What a report's values become in a file or an API response (pure).

Personal columns are masked unless the full form was chosen, and every text
is escaped against formulas, in every format: a JSON file or API page may be
pasted into a spreadsheet as easily as a CSV.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from common.masking import mask_employee_id, mask_name
from common.spreadsheets import escape_formula
from reports.tables import EMPLOYEE_ID, INTEGER, NAME, TEXT

MASKS = {NAME: mask_name, EMPLOYEE_ID: mask_employee_id}


def row_preparer(columns, *, full_identity: bool):
    """Return a function that masks and escapes one row (a tuple) for export."""
    masks = [
        None if full_identity else MASKS.get(column.personal) for column in columns
    ]

    def prepare(row) -> list:
        cells = []
        for mask, value in zip(masks, row, strict=True):
            if mask is not None and value is not None:
                value = mask(str(value))
            cells.append(escape_formula(value))
        return cells

    return prepare


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """A datetime in the site's time zone without its zone, as spreadsheets hold them."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def json_value(value, kind: str | None = None):
    """A cell as JSON: dates in ISO 8601, decimals as numbers, text as text."""
    if value is None:
        return None
    if kind == TEXT and not isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value) if timezone.is_aware(value) else value
        ).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if kind == INTEGER or (kind is None and value == value.to_integral_value()):
            return int(value)
        return float(value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def text_value(value, yes: str, no: str) -> str:
    """A cell as CSV text: booleans in the reader's words, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, datetime.datetime):
        return local_naive(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (datetime.date, Decimal, int, float)):
        return str(value)
    return str(value)
