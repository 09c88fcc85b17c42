"""Find the reminders that are due today, one generator per kind.

Each yields ``delivery.Reminder`` values with the subject and period that
make it once-only: a new assignment once per course and due date, due soon
once per due date, overdue once per week overdue, an escalation once per
person, course and due date, a certificate once per expiry date, a claim once
per decision. Reads go through the other apps' QuerySets only.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment
from ledger.models import ExternalClaim
from people.models import HRScope

from . import texts
from .delivery import Reminder
from .kinds import Kind

CLAIM_WINDOW_DAYS = 14  # decisions older than this are not announced any more
BATCH = 2000


def open_required():
    """Required enrolments not completed, of active staff, oldest due first."""
    return (
        Enrolment.objects.filter(
            required=True,
            due_date__isnull=False,
            user__is_active=True,
            user__staff__is_active=True,
        )
        .exclude(status=Enrolment.Status.COMPLETED)
        .select_related("user")
        .order_by("due_date", "pk")
    )


def course_subject(course_key) -> str:
    return f"course:{course_key}"


def assigned(today: date, titles) -> Iterator[Reminder]:
    for row in open_required().filter(due_date__gte=today).iterator(BATCH):
        yield Reminder(
            recipient=row.user,
            kind=Kind.ASSIGNED,
            subject=course_subject(row.course_key),
            period=row.due_date.isoformat(),
            message=lambda row=row: texts.assigned(
                titles(row.course_key), row.due_date
            ),
            link=reverse("home"),
        )


def due_soon(today: date, titles, days: int) -> Iterator[Reminder]:
    rows = open_required().filter(
        due_date__gte=today, due_date__lte=today + timedelta(days=days)
    )
    for row in rows.iterator(BATCH):
        yield Reminder(
            recipient=row.user,
            kind=Kind.DUE_SOON,
            subject=course_subject(row.course_key),
            period=row.due_date.isoformat(),
            message=lambda row=row: texts.due_soon(
                titles(row.course_key), row.due_date, (row.due_date - today).days
            ),
            link=reverse("home"),
        )


def overdue(today: date, titles) -> Iterator[Reminder]:
    for row in open_required().filter(due_date__lt=today).iterator(BATCH):
        late = (today - row.due_date).days
        # Days 1-7 overdue are week 0, days 8-14 week 1: one reminder a week.
        week = (late - 1) // 7
        yield Reminder(
            recipient=row.user,
            kind=Kind.OVERDUE,
            subject=course_subject(row.course_key),
            period=f"{row.due_date.isoformat()}+w{week}",
            message=lambda row=row, late=late: texts.overdue(
                titles(row.course_key), row.due_date, late
            ),
            link=reverse("home"),
        )


def escalations(today: date, titles, days: int) -> Iterator[Reminder]:
    """Tell each HR officer whose scope holds the person's department, once."""
    scopes = HRScope.objects.filter(user__is_active=True).select_related(
        "user", "department"
    )
    officers = [(scope.department.tree_path, scope.user) for scope in scopes]
    rows = (
        open_required()
        .filter(due_date__lte=today - timedelta(days=days))
        .select_related("user__staff__department")
    )
    for row in rows.iterator(BATCH):
        staff = row.user.staff
        path = staff.department.tree_path
        chosen = {
            user.pk: user
            for prefix, user in officers
            if path.startswith(prefix) and user.pk != row.user_id
        }
        for officer_id in sorted(chosen):
            yield _escalation(chosen[officer_id], row, staff, today, titles)


def _escalation(officer, row, staff, today, titles) -> Reminder:
    person = f"{staff.name} ({staff.employee_id})"
    late = (today - row.due_date).days
    return Reminder(
        recipient=officer,
        kind=Kind.ESCALATION,
        subject=f"staff:{staff.pk}:{course_subject(row.course_key)}",
        period=row.due_date.isoformat(),
        message=lambda: texts.escalation(
            person, titles(row.course_key), row.due_date, late
        ),
        link=reverse("ledger:staff", kwargs={"pk": staff.pk}),
    )


def certificates_expiring(today: date, days: int) -> Iterator[Reminder]:
    rows = (
        Certificate.objects.current()
        .filter(
            expires_on__gt=today,
            expires_on__lte=today + timedelta(days=days),
            holder__is_active=True,
        )
        .select_related("holder")
        .order_by("expires_on", "pk")
    )
    for certificate in rows.iterator(BATCH):
        yield Reminder(
            recipient=certificate.holder,
            kind=Kind.CERTIFICATE_EXPIRING,
            subject=f"certificate:{certificate.pk}",
            period=certificate.expires_on.isoformat(),
            # course_title reads the snapshot in the active language.
            message=lambda c=certificate: texts.certificate_expiring(
                c.course_title, c.serial, c.expires_on
            ),
            link=reverse("certificates:mine"),
        )


def claims_decided(now=None) -> Iterator[Reminder]:
    now = now or timezone.now()
    rows = (
        ExternalClaim.objects.exclude(status=ExternalClaim.Status.PENDING)
        .filter(
            decided_at__gte=now - timedelta(days=CLAIM_WINDOW_DAYS),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("decided_at", "pk")
    )
    for claim in rows.iterator(BATCH):
        yield Reminder(
            recipient=claim.user,
            kind=Kind.CLAIM_DECIDED,
            subject=f"claim:{claim.pk}",
            period=claim.status,
            message=lambda c=claim: texts.claim_decided(
                c.title, c.status == ExternalClaim.Status.APPROVED, c.hours, c.reason
            ),
            link=reverse("ledger:mine"),
        )
