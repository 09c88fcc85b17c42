"""Import a roster file: the one entry for the web UI and ``manage.py``."""

from collections.abc import Callable

from django.db import transaction

from ..roster_file import read_roster_table
from .report import RosterReport
from .validation import validate_rows
from .writing import apply_entries


def import_roster(
    *,
    content: bytes,
    filename: str,
    importer,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> RosterReport:
    """Import a roster file on behalf of ``importer``.

    Staff are matched by employee ID and updated in place; departments and
    positions are created as needed. With ``deactivate_missing``, active staff
    in the importer's scope missing from the file are deactivated, with their
    accounts. New staff get new accounts: a row whose employee ID is already
    a username is refused, and so is one that would change an administrator's
    account, unless a superuser imports.

    Atomic: on any bad row raise ``RosterError`` listing every problem with its
    line number, and change nothing. With ``dry_run`` everything is computed
    and then rolled back. An HR officer may only touch departments and staff
    within their scope.

    ``on_progress(checked, total)`` is called as rows are validated, outside
    any transaction, so that it may record progress for another process to see.
    """
    header_line, rows = read_roster_table(content, filename)
    total = len(rows)
    report_progress = on_progress or (lambda checked, total: None)
    report_progress(0, total)
    entries = validate_rows(
        rows, importer, on_progress=lambda checked: report_progress(checked, total)
    )
    report_progress(total, total)
    report = RosterReport(dry_run=dry_run, rows=len(entries), header_line=header_line)
    _apply(entries, report, importer, deactivate_missing, filename)
    return report


@transaction.atomic
def _apply(entries, report, importer, deactivate_missing, filename) -> None:
    """Write the rows (rolled back on a dry run); audit a real import."""
    apply_entries(entries, report, importer, deactivate_missing)
    if report.dry_run:
        transaction.set_rollback(True)
    else:
        _audit(report, importer, filename)


def _audit(report: RosterReport, importer, filename: str) -> None:
    from audit.actions import Action
    from audit.services import Target, record_event

    counts = report.as_dict()
    counts.pop("changes")
    # The command line imports as a stand-in with no account: the system acts.
    actor = importer if getattr(importer, "pk", None) else None
    record_event(
        action=Action.ROSTER_IMPORTED,
        actor=actor,
        target=Target(type="people.roster", label=filename),
        scope="; ".join(
            scope.department.full_name()
            for scope in importer.hr_scopes.select_related("department")
        )
        if actor is not None
        else "",
        details=counts,
    )
