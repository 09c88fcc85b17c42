"""What a roster import does, row by row, for the preview and the summary."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy, pgettext_lazy

from ..models import Grade, StaffMember
from ..roster_file import RosterRow

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
    header_line: int = 1
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
            "header_line": self.header_line,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "departments_created": self.departments_created,
            "positions_created": self.positions_created,
            "changes": [change.__dict__ for change in self.changes[:PREVIEW_ROWS]],
        }


@dataclass
class Entry:
    """A row that passed validation, with what it resolved to."""

    row: RosterRow
    path: tuple[str, ...]
    grade: Grade
    active: bool
    existing: StaffMember | None

    @property
    def employee_id(self) -> str:
        return self.row.values["employee_id"]
