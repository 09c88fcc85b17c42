"""Validate a roster and import it into the organisation.

``import_roster`` is the one entry point, used by the web UI and by
``manage.py import_roster``. A roster with any bad row imports nothing.
"""

from dataclasses import dataclass, field

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .backends import forget_users
from .exceptions import RosterError, RowError
from .models import (
    PATH_SEPARATOR,
    Department,
    Grade,
    Position,
    StaffMember,
    employee_id_format,
    sees_whole_organisation,
)
from .resources import RESOURCE_HEADERS, StaffMemberResource
from .roster_file import RosterRow, read_roster
from .signals import staff_imported

TRUE_WORDS = {"1", "y", "yes", "true", "t", "是", "在职", "在岗", "active", "启用"}
FALSE_WORDS = {"0", "n", "no", "false", "f", "否", "离职", "不在职", "inactive", "停用"}
MAX_DEPTH = 8
PREVIEW_ROWS = 200
# The staff fields a re-import can change, with their labels for the preview.
CHANGE_LABELS = {
    "name": pgettext_lazy("person", "name"),
    "email": gettext_lazy("email"),
    "is_active": gettext_lazy("active"),
    "department_id": gettext_lazy("department"),
    "position_id": gettext_lazy("position"),
    "grade_id": gettext_lazy("grade"),
}


@dataclass
class RosterChange:
    """What importing one row does, for the preview."""

    line: int
    employee_id: str
    name: str
    action: str  # "create", "update" or "unchanged"
    changed: list[str] = field(default_factory=list)


@dataclass
class RosterReport:
    """What an import did (or, on a dry run, would do)."""

    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    departments_created: list[str] = field(default_factory=list)
    positions_created: list[str] = field(default_factory=list)
    changes: list[RosterChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "departments_created": self.departments_created,
            "positions_created": self.positions_created,
            "changes": [change.__dict__ for change in self.changes[:PREVIEW_ROWS]],
        }


@dataclass
class _Entry:
    row: RosterRow
    path: tuple[str, ...]
    grade: Grade
    active: bool
    existing: StaffMember | None


def import_roster(
    *,
    content: bytes,
    filename: str,
    importer,
    dry_run: bool = False,
    deactivate_missing: bool = False,
) -> RosterReport:
    """Import a roster file on behalf of ``importer``.

    Staff are matched by employee ID and updated in place; departments named in
    the file are created; positions are created as needed. With
    ``deactivate_missing``, active staff within the importer's scope who are
    not in the file are deactivated, and so are their user accounts.

    Atomic: on any bad row raise ``RosterError`` listing every problem with its
    line number, and change nothing. With ``dry_run`` everything is computed
    and then rolled back. An HR officer may only touch departments and staff
    within their scope.
    """
    rows = read_roster(content, filename)
    entries = _validate(rows, importer)
    report = RosterReport(dry_run=dry_run, rows=len(entries))
    with transaction.atomic():
        _apply(entries, report, importer, deactivate_missing)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _validate(rows: list[RosterRow], importer) -> list[_Entry]:
    grades = _grade_lookup()
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    ids = [row.values["employee_id"] for row in rows]
    existing = {
        staff.employee_id: staff
        for staff in StaffMember.objects.filter(employee_id__in=ids).select_related(
            "department", "position", "grade", "user"
        )
    }
    scope = _ScopeCheck(importer)
    entries = []
    for row in rows:
        row_errors = _check_row(row, grades, first_line)
        values = row.values
        employee_id = values["employee_id"]
        path = tuple(
            part.strip() for part in values["department"].split(PATH_SEPARATOR)
        )
        staff = existing.get(employee_id)
        if not row_errors:
            row_errors += scope.check(row.line, path, staff)
        errors += row_errors
        if not row_errors:
            entries.append(
                _Entry(
                    row,
                    path,
                    grades[values["grade"].lower()],
                    _parse_active(values["active"]),
                    staff,
                )
            )
    if errors:
        raise RosterError(errors)
    return entries


def _check_row(
    row: RosterRow, grades: dict, first_line: dict[str, int]
) -> list[RowError]:
    values, line = row.values, row.line
    errors = _check_required(row) + _check_employee_id(row, first_line)
    if values["department"]:
        errors += _check_path(line, values["department"])
    for field_name in ("name", "position"):
        if len(values[field_name]) > 100:
            errors.append(RowError(line, _("Longer than 100 characters."), field_name))
    if values["grade"] and values["grade"].lower() not in grades:
        errors.append(
            RowError(line, _("Unknown grade “%s”.") % values["grade"], "grade")
        )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(
                RowError(
                    line,
                    _("“%s” is not a valid email address.") % values["email"],
                    "email",
                )
            )
    if values["active"] and _parse_active(values["active"]) is None:
        errors.append(
            RowError(
                line,
                _("Active must be yes or no (是/否), not “%s”.") % values["active"],
                "active",
            )
        )
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


def _check_employee_id(row: RosterRow, first_line: dict[str, int]) -> list[RowError]:
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
    if employee_id in first_line:
        errors.append(
            RowError(
                row.line,
                _("Employee ID %(id)s is already on line %(line)d.")
                % {"id": employee_id, "line": first_line[employee_id]},
                "employee_id",
            )
        )
    else:
        first_line[employee_id] = row.line
    return errors


def _check_path(line: int, text: str) -> list[RowError]:
    parts = [part.strip() for part in text.split(PATH_SEPARATOR)]
    if any(not part for part in parts):
        return [
            RowError(
                line,
                _("The department path “%s” has an empty level.") % text,
                "department",
            )
        ]
    if len(parts) > MAX_DEPTH:
        return [
            RowError(
                line,
                _("The department path is deeper than %d levels.") % MAX_DEPTH,
                "department",
            )
        ]
    if any(len(part) > 100 for part in parts):
        return [
            RowError(
                line,
                _("A department name is longer than 100 characters."),
                "department",
            )
        ]
    return []


def _parse_active(text: str) -> bool | None:
    word = text.strip().lower()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _grade_lookup() -> dict[str, Grade]:
    lookup = {}
    for grade in Grade.objects.all():
        for key in (grade.code, grade.name, grade.name_en):
            if key:
                lookup[key.lower()] = grade
    return lookup


class _ScopeCheck:
    """Decide whether the importer may write a row's department and staff member."""

    def __init__(self, importer):
        self.everything = sees_whole_organisation(importer)
        self.roots: list[tuple[str, ...]] = []
        self.visible_ids: set[int] = set()
        if not self.everything:
            scope = list(Department.objects.visible_to(importer))
            self.visible_ids = {department.pk for department in scope}
            names = _name_paths(scope)
            self.roots = [names[d.pk] for d in importer_scope_roots(importer)]

    def check(self, line, path, staff) -> list[RowError]:
        if self.everything:
            return []
        errors = []
        if not any(path[: len(root)] == root for root in self.roots):
            errors.append(
                RowError(
                    line,
                    _("Department “%s” is outside your scope.")
                    % PATH_SEPARATOR.join(path),
                    "department",
                )
            )
        if staff is not None and staff.department_id not in self.visible_ids:
            errors.append(
                RowError(
                    line,
                    _("Employee %s belongs to a department outside your scope.")
                    % staff.employee_id,
                    "employee_id",
                )
            )
        return errors


def importer_scope_roots(user) -> list[Department]:
    return [scope.department for scope in user.hr_scopes.select_related("department")]


def _name_paths(departments) -> dict[int, tuple[str, ...]]:
    """Map department ids to their name paths as tuples."""
    return {
        pk: tuple(name.split(PATH_SEPARATOR))
        for pk, name in Department.objects.name_paths(departments).items()
    }


def _apply(
    entries: list[_Entry], report: RosterReport, importer, deactivate_missing: bool
):
    departments = _ensure_departments({entry.path for entry in entries}, report)
    positions = _ensure_positions(
        {entry.row.values["position"] for entry in entries}, report
    )
    users = _ensure_users(entries)
    dataset = tablib.Dataset(headers=RESOURCE_HEADERS)
    for entry in entries:
        values = entry.row.values
        new = {
            "employee_id": values["employee_id"],
            "name": values["name"],
            "email": values["email"],
            "is_active": entry.active,
            "department_id": departments[entry.path].pk,
            "position_id": positions[values["position"]].pk,
            "grade_id": entry.grade.pk,
            "user_id": users[values["employee_id"]].pk,
        }
        dataset.append([new[header] for header in RESOURCE_HEADERS])
        report.changes.append(_describe(entry, new))
    result = StaffMemberResource().import_data(
        dataset, dry_run=False, use_transactions=False
    )
    if result.has_errors() or result.has_validation_errors():
        raise RosterError(_resource_errors(result, entries))
    report.created = result.totals["new"]
    report.updated = result.totals["update"]
    report.unchanged = result.totals["skip"]
    _sync_users(entries, users)
    if deactivate_missing:
        report.deactivated = _deactivate_missing(entries, importer)
    imported = StaffMember.objects.filter(
        employee_id__in=[entry.row.values["employee_id"] for entry in entries]
    ).values_list("pk", flat=True)
    staff_imported.send(sender=StaffMember, staff_ids=list(imported))


def _describe(entry: _Entry, new: dict) -> RosterChange:
    values = entry.row.values
    change = RosterChange(
        entry.row.line, values["employee_id"], values["name"], "create"
    )
    staff = entry.existing
    if staff is None:
        return change
    change.changed = [key for key in CHANGE_LABELS if getattr(staff, key) != new[key]]
    change.action = "update" if change.changed else "unchanged"
    return change


def _resource_errors(result, entries) -> list[RowError]:
    lines = [entry.row.line for entry in entries]
    errors = [RowError(0, str(error.error)) for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors += [
            RowError(lines[number - 1], str(error.error)) for error in row_errors
        ]
    for invalid in result.invalid_rows:
        errors.append(
            RowError(
                lines[invalid.number - 1],
                "; ".join(
                    f"{key}: {', '.join(messages)}"
                    for key, messages in invalid.error_dict.items()
                ),
            )
        )
    return errors


def _ensure_departments(paths: set[tuple[str, ...]], report: RosterReport) -> dict:
    all_departments = list(Department.objects.all())
    by_pk = {department.pk: department for department in all_departments}
    known = {names: by_pk[pk] for pk, names in _name_paths(all_departments).items()}
    for path in sorted(paths, key=len):
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix in known:
                continue
            parent = known[prefix[:-1]] if depth > 1 else None
            department = Department(name=prefix[-1], parent=parent)
            department.save()
            known[prefix] = department
            report.departments_created.append(PATH_SEPARATOR.join(prefix))
    return known


def _ensure_positions(names: set[str], report: RosterReport) -> dict[str, Position]:
    positions = {p.name: p for p in Position.objects.filter(name__in=names)}
    missing = sorted(names - positions.keys())
    if missing:
        Position.objects.bulk_create([Position(name=name) for name in missing])
        positions = {p.name: p for p in Position.objects.filter(name__in=names)}
        report.positions_created = missing
    return positions


def _ensure_users(entries: list[_Entry]) -> dict:
    """Return the user account of every row, creating accounts for new staff.

    New accounts get the employee ID as username and no usable password: the
    staff member sets one through password reset, or an administrator does.
    """
    User = get_user_model()
    users = {
        e.row.values["employee_id"]: e.existing.user for e in entries if e.existing
    }
    new_ids = [e.row.values["employee_id"] for e in entries if e.existing is None]
    by_username = {u.username: u for u in User.objects.filter(username__in=new_ids)}
    taken = set(
        StaffMember.objects.filter(user__in=by_username.values()).values_list(
            "user__username", flat=True
        )
    )
    if taken:
        raise RosterError(
            [
                RowError(
                    e.row.line,
                    _("The user name %s already belongs to another staff member.")
                    % e.row.values["employee_id"],
                    "employee_id",
                )
                for e in entries
                if e.row.values["employee_id"] in taken
            ]
        )
    to_create = []
    for entry in entries:
        values = entry.row.values
        if entry.existing is None and values["employee_id"] not in by_username:
            user = User(
                username=values["employee_id"],
                first_name=values["name"][:150],
                email=values["email"],
                is_active=entry.active,
            )
            user.set_unusable_password()
            to_create.append(user)
    User.objects.bulk_create(to_create, batch_size=500)
    by_username.update(
        {
            u.username: u
            for u in User.objects.filter(username__in=[u.username for u in to_create])
        }
    )
    users.update(by_username)
    return users


def _sync_users(entries: list[_Entry], users: dict) -> None:
    """Keep each account's name, email and active flag in step with the roster."""
    changed = []
    for entry in entries:
        values = entry.row.values
        user = users[values["employee_id"]]
        wanted = (values["name"][:150], values["email"], entry.active)
        if (user.first_name, user.email, user.is_active) != wanted:
            user.first_name, user.email, user.is_active = wanted
            changed.append(user)
    get_user_model().objects.bulk_update(
        changed, ["first_name", "email", "is_active"], batch_size=500
    )
    forget_users([user.pk for user in changed])


def _deactivate_missing(entries: list[_Entry], importer) -> int:
    listed = [entry.row.values["employee_id"] for entry in entries]
    in_scope = Department.objects.visible_to(importer)
    missing = (
        StaffMember.objects.filter(department__in=in_scope)
        .active()
        .exclude(employee_id__in=listed)
    )
    user_ids = list(missing.values_list("user_id", flat=True))
    count = StaffMember.objects.filter(user_id__in=user_ids).update(is_active=False)
    get_user_model().objects.filter(pk__in=user_ids).update(is_active=False)
    forget_users(user_ids)
    return count


__all__ = ["RosterChange", "RosterReport", "import_roster"]
