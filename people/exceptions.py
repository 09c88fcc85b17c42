"""Errors of the organisation domain, turned into responses by the views."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One problem in a roster file: the line it is on, the column and why."""

    line: int
    message: str
    column: str = ""

    def __str__(self):
        where = _("line %d") % self.line if self.line else _("file")
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


class RosterError(Exception):
    """The roster file was rejected; nothing was imported.

    ``errors`` lists every problem found, each with its line number (line 1 is
    the header; file-level problems are reported on line 0).
    """

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda error: (error.line, error.column))
        super().__init__("\n".join(str(error) for error in self.errors))


class OutOfScope(Exception):
    """The person asking may not act on this department or staff member."""


class AccountTaken(Exception):
    """A new staff member's employee ID is already some account's username."""

    def __init__(self, employee_id: str):
        self.employee_id = employee_id
        super().__init__(employee_id)
