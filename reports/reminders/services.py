"""What changes reminders: the daily sending, HR's chase, and reading them."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from audit.services import Target, record_event
from courses.models import Enrolment

from . import collect, texts
from .audit_events import REMINDERS_SENT
from .delivery import Reminder, deliver
from .kinds import Kind
from .models import Notification, ReminderPreferences, ReminderSettings


def send_reminders(*, today: date | None = None, now=None) -> dict[str, int]:
    """Deliver every reminder due today that was not delivered before.

    Idempotent: running it again (or twice at once) delivers nothing new for
    the same day; see ``delivery``. Returns how many of each kind were sent.
    Kinds switched off in ``ReminderSettings`` are not sent.
    """
    today = today or timezone.localdate()
    config = ReminderSettings.load()
    keys = collect.open_required().order_by().values_list("course_key", flat=True)
    titles = texts.CourseTitles.load(set(keys.distinct()))
    sources = {
        Kind.ASSIGNED: lambda: collect.assigned(today, titles),
        Kind.DUE_SOON: lambda: collect.due_soon(today, titles, config.due_soon_days),
        Kind.OVERDUE: lambda: collect.overdue(today, titles),
        Kind.ESCALATION: lambda: collect.escalations(
            today, titles, config.escalation_days
        ),
        Kind.CERTIFICATE_EXPIRING: lambda: collect.certificates_expiring(
            today, config.certificate_days
        ),
        Kind.CLAIM_DECIDED: lambda: collect.claims_decided(now),
    }
    return {
        str(kind): deliver(source()).sent if config.sends(kind) else 0
        for kind, source in sources.items()
    }


@dataclass(frozen=True)
class RemindResult:
    people: int  # overdue people in scope and filters
    sent: int  # reminded now
    already: int  # reminded before today, or by someone else today


def remind_overdue(
    *, officer, scope, filters, today: date | None = None, request=None
) -> RemindResult:
    """Send one reminder to each overdue person in ``scope`` matching ``filters``.

    Once per person per day, whoever sends it and whatever the filters. The
    people come from ``scope.staff()`` only, so nobody outside the scope is
    reminded whatever ``filters`` say. Audited with the scope, the filters
    and the counts.
    """
    today = today or timezone.localdate()
    by_user = _overdue_by_user(scope, filters, today)
    keys = {row.course_key for rows in by_user.values() for row in rows}
    titles = texts.CourseTitles.load(keys)
    outcome = deliver(_hr_reminder(rows, today, titles) for rows in by_user.values())
    result = RemindResult(len(by_user), outcome.sent, outcome.skipped)
    record_event(
        action=REMINDERS_SENT,
        actor=officer,
        target=Target(type="reminders", label=str(len(by_user))),
        scope=",".join(scope.describe()),
        request=request,
        details={
            "filters": filters.describe(),
            "people": result.people,
            "sent": result.sent,
            "already": result.already,
        },
    )
    return result


def overdue_enrolments(scope, filters, today: date):
    """The overdue enrolments of active staff in scope, as the filters narrow them."""
    staff = scope.staff().filter(is_active=True)
    if filters.department is not None:
        staff = staff.in_subtree(filters.department)
    if filters.position_id:
        staff = staff.filter(position_id=filters.position_id)
    if filters.grade_id:
        staff = staff.filter(grade_id=filters.grade_id)
    rows = Enrolment.objects.filter(
        user__in=staff.values("user"),
        user__is_active=True,
        due_date__lt=today,
        due_date__year=filters.year,
    ).exclude(status=Enrolment.Status.COMPLETED)
    if filters.bucket is not None:
        rows = rows.filter(required=filters.bucket == "required")
    if filters.course_key is not None:
        rows = rows.filter(course_key=filters.course_key)
    return rows.select_related("user").order_by("user_id", "due_date", "pk")


def _overdue_by_user(scope, filters, today) -> dict[int, list]:
    by_user: dict[int, list] = defaultdict(list)
    for row in overdue_enrolments(scope, filters, today):
        by_user[row.user_id].append(row)
    return by_user


def _hr_reminder(rows: list, today: date, titles) -> Reminder:
    return Reminder(
        recipient=rows[0].user,
        kind=Kind.HR_REMINDER,
        subject="overdue",
        period=today.isoformat(),
        message=lambda: texts.hr_reminder(
            [(titles(row.course_key), row.due_date) for row in rows]
        ),
        link=reverse("home"),
    )


def mark_read(*, user, notification_id: int | None = None, now=None) -> int:
    """Mark one of ``user``'s notifications read (or all, with no id); return how many.

    Another person's notification is never touched: the update is filtered
    by recipient, so a foreign id marks nothing.
    """
    rows = Notification.objects.for_recipient(user).unread()
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=now or timezone.now())


def preferences_for(user) -> ReminderPreferences:
    """Return ``user``'s preferences, unsaved defaults when they chose none."""
    return ReminderPreferences.objects.filter(user=user).first() or (
        ReminderPreferences(user=user)
    )
