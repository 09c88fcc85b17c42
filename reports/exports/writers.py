"""Writing rows as CSV, JSON or XLSX without holding them in memory.

Each writer takes the report's columns, an iterator of prepared rows (lists,
see ``cells.row_preparer``) and reads it once. CSV and JSON come out as byte
chunks for a streamed response; XLSX is written by xlsxwriter in
``constant_memory`` mode (one row in memory at a time) into a file, because a
ZIP container can only be finished once every sheet is complete.
"""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from reports.tables import DATE, DATETIME, DECIMAL, INTEGER

from .cells import json_value, local_naive, text_value

BOM = "\ufeff"
ROWS_PER_CHUNK = 500
# Excel's own limit on a sheet name.
SHEET_NAME_LENGTH = 31


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes to it."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(columns, rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that Excel in Chinese reads it right."""
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow([str(c.label) for c in columns])).encode()
    yes, no = _("Yes"), _("No")
    lines = []
    for row in rows:
        lines.append(writer.writerow([text_value(v, yes, no) for v in row]))
        if len(lines) >= ROWS_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def json_chunks(columns, rows: Iterable[list]) -> Iterator[bytes]:
    """A JSON array of objects keyed by the columns' keys."""
    keys = [(column.key, column.kind) for column in columns]
    yield b"["
    separator = "\n"
    parts = []
    for row in rows:
        item = {k: json_value(v, kind) for (k, kind), v in zip(keys, row, strict=True)}
        parts.append(separator + json.dumps(item, ensure_ascii=False))
        separator = ",\n"
        if len(parts) >= ROWS_PER_CHUNK:
            yield "".join(parts).encode()
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode()


def write_xlsx(target, columns, rows: Iterable[list], *, title: str) -> None:
    """Write one sheet to ``target`` (a path or a binary file opened for writing).

    The header row is in the active language and frozen; dates are real
    dates; no text is ever read as a formula, a number or a link.
    """
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(_sheet_name(title))
    formats = _formats(workbook)
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, str(column.label), header)
    sheet.freeze_panes(1, 0)
    writers = [_cell_writer(sheet, column.kind, formats) for column in columns]
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is not None:
                writers[index](number, index, value)
    workbook.close()


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Report")[:SHEET_NAME_LENGTH]


def _formats(workbook) -> dict:
    return {
        DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        DECIMAL: workbook.add_format({"num_format": "0.0#"}),
    }


def _cell_writer(sheet, kind: str, formats: dict):
    # Called once per cell (hundreds of thousands per export): the common
    # types are told apart by ``type`` first, before the slower checks. The
    # undecorated writers skip xlsxwriter's check for "A1"-style arguments,
    # which cost a tenth of the writing; row and column are always numbers here.
    yes, no = _("Yes"), _("No")
    write_string, write_number = sheet._write_string, sheet._write_number
    decimal = formats[DECIMAL]

    def write(row: int, col: int, value) -> None:
        value_type = type(value)
        if value_type is str:
            write_string(row, col, value)
        elif value_type is int:
            write_number(row, col, value)
        elif value_type is Decimal or value_type is float:
            if kind == INTEGER:
                write_number(row, col, value)
            else:
                write_number(row, col, float(value), decimal)
        elif value_type is bool:
            write_string(row, col, yes if value else no)
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(row, col, local_naive(value), formats[DATETIME])
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, col, value, formats[DATE])
        else:
            write_string(row, col, str(value))

    return write
