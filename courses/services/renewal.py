"""Renewal: enrolling a learner again when the certificate of a course is expiring.

The enrolment starts a new cycle: it is required again, due on the day the
certificate expires, and its lessons and exam must be done again (progress
and passes from before ``cycle_started_at`` belong to the earlier cycle). The
statements of the first cycle stay as they are; the new cycle begins with a
new ``registered``.
"""

from datetime import date, datetime

from django.db import transaction

from people.agents import agent_for
from xapi.services import record_statements

from .. import statements
from ..activities import activity_ref
from ..models import CoursePage, Enrolment


@transaction.atomic
def renew_enrolment(
    *, user_id: int, course_key, due_date: date, now: datetime
) -> Enrolment | None:
    """Start a new cycle of a completed course; None when there is nothing to renew.

    Idempotent: an enrolment already in a cycle that began after its last
    completion is left alone.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("user")
        .filter(user_id=user_id, course_key=course_key)
        .first()
    )
    course = CoursePage.live_for_key(course_key)
    if enrolment is None or course is None or not enrolment.is_completed:
        return None
    enrolment.cycle_started_at = now
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.required = True
    enrolment.due_date = due_date
    enrolment.enrolled_at = now
    enrolment.started_at = None
    enrolment.completed_at = None
    enrolment.last_lesson_key = None
    enrolment.save()
    record_statements(
        [
            statements.registered(
                actor=agent_for(enrolment.user), course=activity_ref(course), when=now
            )
        ]
    )
    return enrolment
