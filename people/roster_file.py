"""Read a roster file (CSV in UTF-8 or GB18030, or XLSX) into numbered rows.

Nothing here touches the database. Cell values are kept as text exactly as
written: a value such as ``=HYPERLINK(...)`` is a string, never a formula.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.tables import UnreadableTable, read_table

from .exceptions import RosterError, RowError

# Each field with the headers accepted for it, Chinese and English.
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_id": ("工号", "employee id", "employee_id", "employee no"),
    "name": ("姓名", "name"),
    "department": ("部门", "部门路径", "department", "department path"),
    "position": ("职务", "position"),
    "grade": ("职级", "grade"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "active": ("在职", "状态", "是否在职", "active", "status"),
}
REQUIRED = ("employee_id", "name", "department", "position", "grade")
# HR offices put a title (and a date line) above the column names: the header
# is the first of this many rows that names every required column.
HEADER_SEARCH_ROWS = 10
# Cells typed with a Chinese input method come in full width (``ＳＸ０００４``);
# these are folded to half width and trimmed before anything checks them.
FOLDED = ("employee_id", "email", "active")
_HEADER_TO_FIELD = {
    alias: field for field, aliases in COLUMNS.items() for alias in aliases
}


@dataclass
class RosterRow:
    """One data row: its line in the file and its values by field name."""

    line: int
    values: dict[str, str]


def read_roster(content: bytes, filename: str = "") -> list[RosterRow]:
    """Return the data rows of a roster file, or raise ``RosterError``."""
    return read_roster_table(content, filename)[1]


def read_roster_table(
    content: bytes, filename: str = ""
) -> tuple[int, list[RosterRow]]:
    """Return the header's line and the data rows of a roster file.

    The header row may use the Chinese or English column names in any order,
    and may come below a title. Blank rows are skipped but still count for
    line numbers. Raise ``RosterError`` on an unreadable or empty file.
    """
    if not content.strip():
        raise RosterError([RowError(0, _("The file is empty."))])
    try:
        table = read_table(content, filename)
    except UnreadableTable as error:
        raise RosterError([RowError(error.line, error.message)]) from error
    if not table:
        raise RosterError([RowError(0, _("The file has no header row."))])
    start = _header_index(table)
    header_line, header = table[start]
    fields = _map_header(header_line, header)
    rows = []
    for line, cells in table[start + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        values = {field: "" for field in COLUMNS}
        for index, field in enumerate(fields):
            if field and index < len(cells):
                values[field] = _clean(field, cells[index])
        rows.append(RosterRow(line, values))
    if not rows:
        raise RosterError([RowError(0, _("The file has no staff rows."))])
    return header_line, rows


def _clean(field: str, text: str) -> str:
    if field in FOLDED:
        text = unicodedata.normalize("NFKC", text)
    return text.strip()


def _header_index(table: list[tuple[int, list[str]]]) -> int:
    """The index of the first row naming every required column, else 0.

    With none, the first row is taken as the header, and its errors say what
    is missing from it.
    """
    for index, (_line, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        named = {_HEADER_TO_FIELD.get(_label(cell).lower()) for cell in cells}
        if named.issuperset(REQUIRED):
            return index
    return 0


def _label(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip().lstrip("\ufeff")


def _map_header(line: int, header: list[str]) -> list[str | None]:
    fields: list[str | None] = []
    errors = []
    seen: set[str] = set()
    for cell in header:
        label = _label(cell)
        field = _HEADER_TO_FIELD.get(label.lower())
        if not label:
            fields.append(None)
            continue
        if field is None:
            errors.append(RowError(line, _("Unknown column “%s”.") % label))
        elif field in seen:
            errors.append(RowError(line, _("Column “%s” appears twice.") % label))
        seen.add(field or "")
        fields.append(field)
    for field in REQUIRED:
        if field not in seen:
            errors.append(
                RowError(
                    line,
                    _("Missing column “%(zh)s” (%(en)s).")
                    % {"zh": COLUMNS[field][0], "en": _english_header(field)},
                )
            )
    if errors:
        raise RosterError(errors)
    return fields


def _english_header(field: str) -> str:
    return next(alias for alias in COLUMNS[field] if alias.isascii())
