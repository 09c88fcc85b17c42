"""Check every row of a roster before anything is written.

All problems of all rows are collected, each with its line, so that the
officer can fix the file in one go.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..accounts import CHUNK
from ..exceptions import RosterError, RowError
from ..models import (
    PATH_SEPARATOR,
    Grade,
    StaffMember,
    department_name_format,
    employee_id_format,
)
from ..roster_file import RosterRow
from .accounts import AccountCheck
from .report import Entry
from .scope import ScopeCheck
from .values import parse_active

MAX_DEPTH = 8
# How often (in rows) a long validation reports its progress.
PROGRESS_EVERY = 1000


def validate_rows(
    rows: list[RosterRow],
    importer,
    *,
    on_progress: Callable[[int], None] | None = None,
) -> list[Entry]:
    """Return the rows as entries, or raise ``RosterError`` with every problem.

    ``on_progress`` is called with the number of rows checked so far, every
    ``PROGRESS_EVERY`` rows.
    """
    grades = _grade_lookup()
    existing = _existing_staff([row.values["employee_id"] for row in rows])
    checks = _RowChecks(grades)
    scope = ScopeCheck(importer)
    accounts = AccountCheck(rows, existing, importer)
    errors: list[RowError] = []
    entries = []
    for number, row in enumerate(rows, 1):
        staff = existing.get(row.values["employee_id"])
        row_errors = checks.check(row)
        if not row_errors:
            path = _path(row.values["department"])
            row_errors = scope.check(row.line, path, staff) + accounts.check(row, staff)
        errors += row_errors
        if not row_errors:
            active = parse_active(row.values["active"])
            grade = grades[row.values["grade"].lower()]
            entries.append(Entry(row, path, grade, active, staff))
        if on_progress is not None and number % PROGRESS_EVERY == 0:
            on_progress(number)
    if errors:
        raise RosterError(errors)
    return entries


def _path(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(PATH_SEPARATOR))


def _existing_staff(employee_ids: list[str]) -> dict[str, StaffMember]:
    existing = {}
    staff = StaffMember.objects.select_related(
        "department", "position", "grade", "user"
    )
    for start in range(0, len(employee_ids), CHUNK):
        chunk = employee_ids[start : start + CHUNK]
        existing |= {s.employee_id: s for s in staff.filter(employee_id__in=chunk)}
    return existing


def _grade_lookup() -> dict[str, Grade]:
    lookup = {}
    for grade in Grade.objects.all():
        for key in (grade.code, grade.name, grade.name_en):
            if key:
                lookup[key.lower()] = grade
    return lookup


class _RowChecks:
    """The checks of one row that need no other row, and the duplicate IDs."""

    def __init__(self, grades: dict[str, Grade]):
        self.grades = grades
        self.first_line: dict[str, int] = {}

    def check(self, row: RosterRow) -> list[RowError]:
        values, line = row.values, row.line
        errors = _check_required(row) + self._check_employee_id(row)
        if values["department"]:
            errors += _check_path(line, values["department"])
        for field_name in ("name", "position"):
            if len(values[field_name]) > 100:
                errors.append(
                    RowError(line, _("Longer than 100 characters."), field_name)
                )
        if values["grade"] and values["grade"].lower() not in self.grades:
            errors.append(
                RowError(line, _("Unknown grade “%s”.") % values["grade"], "grade")
            )
        return errors + _check_email(row) + _check_active(row)

    def _check_employee_id(self, row: RosterRow) -> list[RowError]:
        employee_id = row.values["employee_id"]
        if not employee_id:
            return []
        errors = []
        try:
            employee_id_format(employee_id)
        except ValidationError:
            errors.append(
                RowError(
                    row.line,
                    _(
                        "Employee ID “%s” is not valid: use 1 to 32 letters, digits, dots, hyphens or underscores."
                    )
                    % employee_id,
                    "employee_id",
                )
            )
        if employee_id in self.first_line:
            errors.append(
                RowError(
                    row.line,
                    _("Employee ID %(id)s is already on line %(line)d.")
                    % {"id": employee_id, "line": self.first_line[employee_id]},
                    "employee_id",
                )
            )
        else:
            self.first_line[employee_id] = row.line
        return errors


def _check_required(row: RosterRow) -> list[RowError]:
    labels = {
        "employee_id": _("Employee ID"),
        "name": _("Name"),
        "department": _("Department"),
        "position": _("Position"),
        "grade": _("Grade"),
    }
    return [
        RowError(row.line, _("%s is missing.") % label, field_name)
        for field_name, label in labels.items()
        if not row.values[field_name]
    ]


def _check_email(row: RosterRow) -> list[RowError]:
    email = row.values["email"]
    if not email:
        return []
    try:
        validate_email(email)
    except ValidationError:
        message = _("“%s” is not a valid email address.") % email
        return [RowError(row.line, message, "email")]
    return []


def _check_active(row: RosterRow) -> list[RowError]:
    text = row.values["active"]
    if not text or parse_active(text) is not None:
        return []
    message = _("Active must be yes or no (是/否), not “%s”.") % text
    return [RowError(row.line, message, "active")]


def _check_path(line: int, text: str) -> list[RowError]:
    parts = _path(text)
    if any(not part for part in parts):
        message = _("The department path “%s” has an empty level.") % text
    elif len(parts) > MAX_DEPTH:
        message = _("The department path is deeper than %d levels.") % MAX_DEPTH
    elif any(len(part) > 100 for part in parts):
        message = _("A department name is longer than 100 characters.")
    else:
        message = _invalid_name(parts)
    return [RowError(line, message, "department")] if message else []


def _invalid_name(parts: tuple[str, ...]) -> str:
    for part in parts:
        try:
            department_name_format(part)
        except ValidationError as error:
            return error.messages[0]
    return ""
