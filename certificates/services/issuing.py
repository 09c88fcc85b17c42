"""Issuing certificates: once per completion, from the completion's statement.

``issue_for_completion`` runs inside the LRS's transaction, called by the
certificates projector (``certificates.projection``) for a course's
``completed``. The enrolment, not the statement, decides: a ``completed`` that
another client sends for one of our courses issues nothing unless the
learner's enrolment is completed here. The enrolment row is locked first, so
two passes recorded at once issue one certificate; the database's unique
constraint on the completion stands behind the lock.
"""

import calendar
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from assessments.services import best_exam_result
from courses.activities import activity_ref
from courses.models import CoursePage, Enrolment
from people.agents import agent_for
from xapi.services import record_statements

from .. import serials, snapshot
from ..models import Certificate
from ..statements import certificate_earned
from .documents import render_after_commit, template_for


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def issue_for_completion(*, enrolment_id: int, now: datetime | None = None):
    """Issue the certificate of a completed enrolment; return it, or None if not due.

    Nothing is issued for an enrolment that is not completed, nor a second
    time for the same completion.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("user")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not enrolment.is_completed:
        return None
    if Certificate.objects.filter(
        holder_id=enrolment.user_id,
        course_key=enrolment.course_key,
        completed_at=enrolment.completed_at,
    ).exists():
        return None
    course = CoursePage.live_for_key(enrolment.course_key)
    if course is None:
        return None
    # Issued when earned: the demo's history and a late projection alike.
    now = now or enrolment.completed_at
    result = best_exam_result(
        user_id=enrolment.user_id,
        course_key=enrolment.course_key,
        since=enrolment.cycle_started_at,
    )
    certificate = _create(enrolment, course, now, result)
    _record_earned(certificate, course, now, result)
    render_after_commit(certificate)
    return certificate


def _create(
    enrolment: Enrolment, course: CoursePage, now: datetime, result: dict | None
) -> Certificate:
    issued_on = timezone.localdate(now)
    validity = course.certificate_validity_months
    expires_on = add_months(issued_on, validity) if validity else None
    identity = serials.new_identity(issued_on.year)
    user = enrolment.user
    staff = getattr(user, "staff", None)
    template = template_for(snapshot.holder_language())
    return Certificate.objects.create(
        **identity,
        holder=user,
        department=staff.department if staff else None,
        course_key=enrolment.course_key,
        completed_at=enrolment.completed_at,
        issued_at=now,
        expires_on=expires_on,
        template=template,
        snapshot=snapshot.build(
            user=user,
            course=course,
            serial=identity["serial"],
            issued_on=issued_on,
            expires_on=expires_on,
            result=result,
            issuer_name=template.issuer_name() if template else "",
        ),
    )


def _record_earned(
    certificate: Certificate, course: CoursePage, now: datetime, score: dict | None
) -> None:
    record_statements(
        [
            certificate_earned(
                actor=agent_for(certificate.holder),
                course=activity_ref(course),
                when=now,
                serial=certificate.serial,
                score=score,
            )
        ]
    )
