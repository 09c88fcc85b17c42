"""Write validated roster entries: departments, positions, accounts and staff."""

import tablib

from ..accounts import CHUNK
from ..exceptions import RosterError, RowError
from ..models import PATH_SEPARATOR, Department, Position, StaffMember
from ..positions import english_name
from ..resources import RESOURCE_HEADERS, StaffMemberResource
from ..signals import staff_imported
from .accounts import deactivate_missing, ensure_users, sync_users
from .report import CHANGE_LABELS, Entry, RosterChange, RosterReport
from .scope import name_paths


def apply_entries(
    entries: list[Entry], report: RosterReport, importer, deactivate: bool
) -> None:
    """Write ``entries`` and fill in ``report``; the caller holds the transaction."""
    departments = _ensure_departments({entry.path for entry in entries}, report)
    positions = _ensure_positions(
        {entry.row.values["position"] for entry in entries}, report
    )
    users = ensure_users(entries)
    dataset = tablib.Dataset(headers=RESOURCE_HEADERS)
    for entry in entries:
        new = _staff_values(entry, departments, positions, users)
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
    sync_users(entries, users)
    if deactivate:
        report.deactivated = deactivate_missing(entries, importer)
    staff_imported.send(sender=StaffMember, staff_ids=_staff_ids(entries))


def _staff_ids(entries: list[Entry]) -> list[int]:
    ids = [entry.employee_id for entry in entries]
    staff_ids: list[int] = []
    for start in range(0, len(ids), CHUNK):
        chunk = StaffMember.objects.filter(employee_id__in=ids[start : start + CHUNK])
        staff_ids += chunk.values_list("pk", flat=True)
    return staff_ids


def _staff_values(entry: Entry, departments, positions, users) -> dict:
    values = entry.row.values
    return {
        "employee_id": entry.employee_id,
        "name": values["name"],
        "email": values["email"],
        "is_active": entry.active,
        "department_id": departments[entry.path].pk,
        "position_id": positions[values["position"]].pk,
        "grade_id": entry.grade.pk,
        "user_id": users[entry.employee_id].pk,
    }


def _describe(entry: Entry, new: dict) -> RosterChange:
    change = RosterChange(
        entry.row.line, entry.employee_id, entry.row.values["name"], "create"
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
    known = {names: by_pk[pk] for pk, names in name_paths(all_departments).items()}
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
        Position.objects.bulk_create(
            [Position(name=name, name_en=english_name(name)) for name in missing]
        )
        positions = {p.name: p for p in Position.objects.filter(name__in=names)}
        report.positions_created = missing
    return positions
