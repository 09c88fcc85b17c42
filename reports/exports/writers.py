"""Writing rows as CSV, JSON or XLSX without holding them in memory.

Each writer takes the report's columns, an iterator of prepared rows (lists,
see ``cells.row_preparer``) and reads it once. CSV and JSON come out as byte
chunks for a streamed response; XLSX is written into a file by ``xlsx`` (rows
streamed into the ZIP's deflate stream), because a ZIP container can only be
finished once its parts are complete.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from .cells import json_value, text_value
from .xlsx import write_xlsx

__all__ = ["csv_chunks", "json_chunks", "write_xlsx"]

BOM = "\ufeff"
ROWS_PER_CHUNK = 500


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
