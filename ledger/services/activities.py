"""Offline attendance and external claims: HR's writes, checked against its scope."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from common.tables import UnreadableTable, read_table
from people.exceptions import RowError
from people.models import StaffMember

from .. import audit_events, rules
from ..exceptions import (
    AttendanceFileError,
    ClaimDecided,
    InvalidEvidence,
    OutOfScope,
    ReasonRequired,
)
from ..models import (
    Attendance,
    Bucket,
    ExternalClaim,
    OfflineClass,
    Source,
    StudyHourEntry,
)
from .entries import open_year_for, policy_for, reverse_entry

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# What the file's first bytes must be: its real type, whatever its name says.
EVIDENCE_MAGIC = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _check_class_scope(actor, offline_class: OfflineClass, staff=()) -> None:
    if not OfflineClass.objects.visible_to(actor).filter(pk=offline_class.pk).exists():
        raise OutOfScope(offline_class.pk)
    pks = {member.pk for member in staff}
    visible = StaffMember.objects.visible_to(actor).filter(pk__in=pks).count()
    if visible != len(pks):
        raise OutOfScope(sorted(pks))


def _credit_attendance(offline_class, staff, missed: Decimal) -> StudyHourEntry | None:
    if missed >= offline_class.length:
        return None
    year = open_year_for(offline_class.ends_on)
    credit = rules.offline_credit(
        hours=offline_class.hours,
        days=offline_class.days,
        day_hours=policy_for(year).day_hours,
        missed=missed,
    )
    return StudyHourEntry.objects.create(
        user_id=staff.user_id,
        year=year,
        hours=credit.hours,
        source=offline_class.source,
        bucket=offline_class.bucket,
        title=offline_class.title,
        reference=f"class:{offline_class.pk}",
        rule={**credit.rule, "policy_year": year},
        credited_on=offline_class.ends_on,
    )


def _record(offline_class, staff, missed: Decimal) -> Attendance:
    previous = Attendance.objects.filter(
        offline_class=offline_class, staff=staff
    ).first()
    if previous is not None:
        if previous.entry_id:
            reverse_entry(entry=previous.entry, reason="attendance corrected")
        previous.delete()
    entry = _credit_attendance(offline_class, staff, missed)
    return Attendance.objects.create(
        offline_class=offline_class, staff=staff, missed=missed, entry=entry
    )


@transaction.atomic
def record_attendance(
    *,
    actor,
    offline_class: OfflineClass,
    staff: StaffMember,
    missed=Decimal("0"),
    request=None,
) -> Attendance:
    """Record that ``staff`` attended the class, missing ``missed`` of its length.

    ``missed`` is in the class's unit (hours or days); missing all of it is an
    absence and credits nothing. Recording again replaces the attendance and
    reverses the hours it credited. Audit-logged (ids and figures only).
    Raises ``OutOfScope`` when the class or the staff member lies outside
    ``actor``'s departments.
    """
    _check_class_scope(actor, offline_class, [staff])
    missed = Decimal(missed)
    if missed < 0 or missed > offline_class.length:
        raise ValueError("missed must lie between 0 and the class's length")
    attendance = _record(offline_class, staff, missed)
    record_event(
        action=audit_events.ATTENDANCE_RECORDED,
        actor=actor,
        request=request,
        target=offline_class,
        details={
            "staff": staff.pk,
            "missed": str(missed),
            "entry": attendance.entry_id,
        },
    )
    return attendance


def _parse_rows(rows, offline_class, visible) -> tuple[list, list]:
    parsed, errors = [], []
    for line, cells in rows[1:]:
        employee_id = (cells[0] if cells else "").strip()
        if not employee_id:
            continue
        raw = (cells[1] if len(cells) > 1 else "").strip() or "0"
        staff = visible.get(employee_id)
        if staff is None:
            errors.append(
                RowError(
                    line,
                    _("Unknown employee ID, or not yours to manage."),
                    "employee_id",
                )
            )
            continue
        try:
            missed = Decimal(raw)
        except InvalidOperation:
            missed = Decimal("-1")
        if missed < 0 or missed > offline_class.length:
            errors.append(
                RowError(
                    line, _("Not a number between 0 and the class's length."), "missed"
                )
            )
            continue
        parsed.append((staff, missed))
    return parsed, errors


@transaction.atomic
def import_attendance(
    *,
    actor,
    offline_class: OfflineClass,
    content: bytes,
    filename: str = "",
    request=None,
) -> int:
    """Record attendance from a CSV/XLSX file (``employee_id``, ``missed``); return rows.

    All or nothing: any bad row raises ``AttendanceFileError`` listing every
    problem with its line number, and nothing is recorded. A recorded file
    is one audit entry naming the staff ids it credited.
    """
    _check_class_scope(actor, offline_class)
    try:
        rows = read_table(content, filename)
    except UnreadableTable as error:
        raise AttendanceFileError([RowError(error.line, error.message)]) from error
    if not rows:
        raise AttendanceFileError([RowError(0, _("The file is empty."))])
    ids = [(cells[0] if cells else "").strip() for _line, cells in rows[1:]]
    visible = {
        member.employee_id: member
        for member in StaffMember.objects.visible_to(actor).filter(employee_id__in=ids)
    }
    parsed, errors = _parse_rows(rows, offline_class, visible)
    if errors:
        raise AttendanceFileError(errors)
    for staff, missed in parsed:
        _record(offline_class, staff, missed)
    _audit_import(actor, request, offline_class, [staff for staff, _m in parsed])
    return len(parsed)


def _audit_import(actor, request, offline_class, staff: list) -> None:
    record_event(
        action=audit_events.ATTENDANCE_IMPORTED,
        actor=actor,
        request=request,
        target=offline_class,
        details={"rows": len(staff), "staff": sorted(member.pk for member in staff)},
    )


def check_evidence(upload) -> None:
    """Refuse evidence that is too large or whose bytes are not a PDF, PNG or JPEG."""
    if upload is None or upload.size > MAX_EVIDENCE_BYTES or upload.size == 0:
        raise InvalidEvidence("size")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_MAGIC):
        raise InvalidEvidence("type")


@transaction.atomic
def submit_claim(
    *, user, title, organiser, finished_on, hours, evidence
) -> ExternalClaim:
    """Store a learner's claim for external training, pending HR's decision."""
    check_evidence(evidence)
    return ExternalClaim.objects.create(
        user=user,
        title=title,
        organiser=organiser,
        finished_on=finished_on,
        hours=hours,
        evidence=evidence,
    )


def _credit_claim(claim: ExternalClaim, actor) -> StudyHourEntry:
    year = open_year_for(claim.finished_on)
    return StudyHourEntry.objects.create(
        user_id=claim.user_id,
        year=year,
        hours=claim.hours,
        source=Source.EXTERNAL,
        bucket=Bucket.ELECTIVE,
        title=claim.title,
        reference=f"claim:{claim.pk}",
        rule={
            "kind": "external",
            "rule": "approved_hours",
            "hours": str(claim.hours),
            "approved_by": actor.pk,
            "policy_year": year,
        },
        credited_on=claim.finished_on,
    )


@transaction.atomic
def decide_claim(
    *, actor, claim: ExternalClaim, approve: bool, reason: str = "", request=None
) -> ExternalClaim:
    """Approve (credit the claimed hours) or reject (with a reason) a pending claim.

    The decision is audit-logged (ids and hours; the reason stays on the
    claim). Raises ``OutOfScope`` for a claim outside ``actor``'s departments or
    ``actor``'s own, ``ClaimDecided`` once decided, ``ReasonRequired`` for a
    rejection without a reason.
    """
    claim = ExternalClaim.objects.select_for_update().get(pk=claim.pk)
    in_scope = ExternalClaim.objects.visible_to(actor).filter(pk=claim.pk).exists()
    if not in_scope or claim.user_id == actor.pk:
        raise OutOfScope(claim.pk)
    if claim.status != ExternalClaim.Status.PENDING:
        raise ClaimDecided(claim.pk)
    if not approve and not reason.strip():
        raise ReasonRequired(claim.pk)
    if approve:
        claim.entry = _credit_claim(claim, actor)
    claim.status = (
        ExternalClaim.Status.APPROVED if approve else ExternalClaim.Status.REJECTED
    )
    claim.reason, claim.decided_by = reason.strip(), actor
    claim.decided_at = timezone.now()
    claim.save()
    _audit_decision(actor, claim, request)
    return claim


def _audit_decision(actor, claim: ExternalClaim, request) -> None:
    approved = claim.status == ExternalClaim.Status.APPROVED
    record_event(
        action=audit_events.CLAIM_APPROVED if approved else audit_events.CLAIM_REJECTED,
        actor=actor,
        request=request,
        target=claim,
        details={
            "learner": claim.user_id,
            "hours": str(claim.hours),
            "entry": claim.entry_id,
        },
    )
