"""Writing entries: online credits by the year's rule, and reversals."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from courses.models import CourseKind, CoursePage, Enrolment

from .. import rules
from ..exceptions import AlreadyReversed
from ..models import Bucket, Source, StudyHourEntry, StudyPolicy, YearClose


def policy_for(year: int) -> StudyPolicy:
    """Return the year's policy, or an unsaved default (the course's own 学时)."""
    return StudyPolicy.objects.filter(year=year).first() or StudyPolicy(year=year)


def open_year_for(day: date) -> int:
    """Return the training year an entry dated ``day`` goes to.

    Its calendar year, unless that year is closed: then the first later year
    that is open, so a closed year's figures never change.
    """
    year = day.year
    closed = set(
        YearClose.objects.filter(year__gte=year).values_list("year", flat=True)
    )
    while year in closed:
        year += 1
    return year


def _online_credit(course: CoursePage, user_id: int, policy: StudyPolicy):
    passed = False
    if policy.exam_bonus:
        from assessments.services import best_exam_result

        passed = (
            best_exam_result(user_id=user_id, course_key=course.translation_key)
            is not None
        )
    return rules.online_credit(
        rule=policy.online_rule,
        course_hours=course.effective_credit_hours
        if policy.online_rule == rules.COURSE_HOURS
        else course.credit_hours,
        minutes=course.estimated_minutes,
        exam_passed=passed,
        exam_bonus=policy.exam_bonus,
    )


@transaction.atomic
def credit_online_completion(
    *, user_id: int, course_key, completed_at: datetime
) -> StudyHourEntry | None:
    """Credit a completed course once, by the policy of the year it goes to.

    Idempotent: a completion (learner, course, day completed) that already
    has a standing credit is not credited again. The course must be live to
    be credited (its length and 学时 are read from it). Returns the new entry.
    """
    credited_on = timezone.localdate(completed_at)
    existing = StudyHourEntry.objects.standing().filter(
        user_id=user_id,
        source=Source.ONLINE,
        reference=str(course_key),
        credited_on=credited_on,
    )
    course = CoursePage.live_for_key(course_key)
    if course is None or existing.exists():
        return None
    year = open_year_for(credited_on)
    credit = _online_credit(course, user_id, policy_for(year))
    required = (
        course.kind == CourseKind.REQUIRED
        or (
            Enrolment.objects.filter(
                user_id=user_id, course_key=course_key, required=True
            )
        ).exists()
    )
    return StudyHourEntry.objects.create(
        user_id=user_id,
        year=year,
        hours=credit.hours,
        source=Source.ONLINE,
        bucket=Bucket.REQUIRED if required else Bucket.ELECTIVE,
        title=course.title,
        reference=str(course_key),
        rule={**credit.rule, "policy_year": year},
        credited_on=credited_on,
    )


@transaction.atomic
def reverse_entry(*, entry: StudyHourEntry, reason: str, when=None) -> StudyHourEntry:
    """Add the entry that cancels ``entry`` (its hours negated), in an open year.

    Raises ``AlreadyReversed`` for a reversal or an entry reversed before.
    """
    entry = StudyHourEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id or StudyHourEntry.objects.filter(reverses=entry).exists():
        raise AlreadyReversed(entry.pk)
    today = timezone.localdate(when)
    return StudyHourEntry.objects.create(
        user_id=entry.user_id,
        year=open_year_for(max(today, date(entry.year, 1, 1))),
        hours=-entry.hours,
        source=entry.source,
        bucket=entry.bucket,
        title=entry.title,
        reference=entry.reference,
        rule={"kind": "reversal", "reverses": entry.pk, "reason": reason},
        credited_on=today,
        reverses=entry,
    )


def reverse_online_completion(*, user_id: int, course_key, completed_at) -> int:
    """Reverse the credit of a withdrawn completion; return how many were reversed."""
    credits = StudyHourEntry.objects.standing().filter(
        user_id=user_id,
        source=Source.ONLINE,
        reference=str(course_key),
        credited_on=timezone.localdate(completed_at),
    )
    count = 0
    for entry in credits:
        reverse_entry(entry=entry, reason="completion withdrawn")
        count += 1
    return count


@transaction.atomic
def reverse_entry_by(*, actor, entry: StudyHourEntry, reason: str, request=None):
    """Reverse ``entry`` as HR's correction, audit-logged; the caller checked scope."""
    from audit.services import record_event

    from .. import audit_events

    reversal = reverse_entry(entry=entry, reason=reason)
    record_event(
        action=audit_events.ENTRY_REVERSED,
        actor=actor,
        request=request,
        target=entry,
        details={"reversal": reversal.pk, "hours": str(entry.hours), "reason": reason},
    )
    return reversal
