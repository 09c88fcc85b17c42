"""Read an uploaded CSV or XLSX file into numbered rows of text cells.

Shared by the roster import (people) and the question-bank import (assessments).
Nothing here touches the database. Cell values are kept as text exactly as
written: a value such as ``=HYPERLINK(...)`` is a string, never a formula.
"""

import csv
import io
import zipfile
from datetime import date, datetime

from django.utils.translation import gettext as _


class UnreadableTable(Exception):
    """The file cannot be read as a table; ``line`` 0 means the whole file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def read_table(content: bytes, filename: str = "") -> list[tuple[int, list[str]]]:
    """Return ``(line, cells)`` for each row, the line a row starts on (from 1)."""
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        # Excel in China saves "CSV" in the ANSI code page, which is GB18030's
        # subset GBK; any file that is not valid UTF-8 is tried as GB18030.
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableTable(
        0,
        _(
            "The file's encoding cannot be read; save it as UTF-8 or GB18030 CSV, or as XLSX."
        ),
    )


def _read_csv(content: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(content)
    if "\x00" in text:
        raise UnreadableTable(0, _("The file is not a CSV or XLSX file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    start = 1
    try:
        for cells in reader:
            # A quoted cell may span lines: a row is on the line it starts on.
            table.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableTable(reader.line_num, str(error)) from error
    return table


def _read_xlsx(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        # data_only=False keeps a formula cell as its text, never evaluated.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableTable(
            0, _("The file is not a readable XLSX workbook.")
        ) from error
    sheet = workbook.worksheets[0]
    table = [
        (line, [_cell_text(value) for value in row])
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    workbook.close()
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
