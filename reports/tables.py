"""The shape every report shares, so that one export and one API serve them all.

A report is a list of ``Column`` and a generator of rows (tuples in the
columns' order), read in a stable order so that the API can page it by keyset
and an export can stream it. ``register`` makes a report known by name to the
exports, the export tasks and the API.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

# Column kinds: how an export writes the value and the API's schema types it.
TEXT, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN = (
    "text",
    "integer",
    "decimal",
    "date",
    "datetime",
    "boolean",
)
# Personal data an export masks unless the reader chose the full form.
NAME, EMPLOYEE_ID = "name", "employee_id"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # a lazy translation: headers follow the reader's language
    kind: str = TEXT
    personal: str | None = None
    width: int = 14  # characters, for XLSX


class Report(Protocol):
    name: str  # as in URLs: "completions", "annual", "departments"
    title: str  # lazy translation

    def columns(self, filters) -> tuple[Column, ...]: ...

    def rows(self, scope, filters, *, after=None) -> Iterator[tuple]:
        """Rows in keyset order, starting after the key ``after`` (a tuple)."""

    def key(self, row: tuple) -> tuple:
        """The keyset key of ``row``: what ``rows(after=...)`` continues from."""

    def count(self, scope, filters) -> int: ...


_REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    _REPORTS[report.name] = report
    return report


def get_report(name: str) -> Report:
    """Return the report called ``name``; ``KeyError`` when there is none."""
    return _REPORTS[name]


def report_names() -> list[str]:
    return sorted(_REPORTS)
