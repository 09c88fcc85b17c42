"""A learner's own steps: enrolling, starting a course, confirming a lesson."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from people.agents import agent_for
from xapi.services import record_statements

from .. import extensions, statements
from ..activities import activity_ref
from ..exceptions import CourseError, CourseNotStarted, PrerequisitesNotMet
from ..models import CoursePage, Enrolment, LessonPage


@transaction.atomic
def enrol_learner(
    *, user, course: CoursePage, now: datetime | None = None
) -> Enrolment:
    """Enrol ``user`` in ``course`` (idempotent) and record ``registered``."""
    now = now or timezone.now()
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course_key=course.translation_key, defaults={"enrolled_at": now}
    )
    if created:
        record_statements(
            [
                statements.registered(
                    actor=agent_for(user), course=activity_ref(course), when=now
                )
            ]
        )
    return enrolment


@transaction.atomic
def start_course(
    *, user, course: CoursePage, now: datetime | None = None
) -> LessonPage | None:
    """Enrol if needed, mark the course started, and return the lesson to resume.

    Raises ``PrerequisitesNotMet`` naming the courses still to complete.
    Starting twice changes nothing; the lesson returned is the first one not
    yet completed (or the first lesson once all are done).
    """
    now = now or timezone.now()
    missing = course.unmet_prerequisites(user)
    if missing:
        raise PrerequisitesNotMet(missing)
    enrolment = enrol_learner(user=user, course=course, now=now)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.started_at is None:
        enrolment.started_at = now
        if enrolment.status == Enrolment.Status.ENROLLED:
            enrolment.status = Enrolment.Status.IN_PROGRESS
        enrolment.save(update_fields=["started_at", "status"])
        record_statements(
            [
                statements.initialized(
                    actor=agent_for(user), course=activity_ref(course), when=now
                )
            ]
        )
    return course.resume_lesson(user)


@transaction.atomic
def complete_lesson(*, user, lesson: LessonPage, now: datetime | None = None) -> None:
    """Record that ``user`` reached the end of ``lesson`` and confirmed it.

    The statement goes through the LRS; the projector then records the
    progress and, when the course's rule holds, the course's completion.
    Raises ``CourseNotStarted`` unless the learner has started the course,
    and ``CourseError`` when an app built on courses refuses the confirmation
    (the ledger's minimum verified time, an unwatched required video).
    """
    course = lesson.get_parent().specific
    if not Enrolment.objects.started(
        user=user, course_key=course.translation_key
    ).exists():
        raise CourseNotStarted(course)
    refusal = extensions.completion_refusal(user, lesson)
    if refusal is not None:
        raise CourseError(refusal)
    record_statements(
        [
            statements.lesson_completed(
                actor=agent_for(user),
                lesson=activity_ref(lesson),
                course=activity_ref(course),
                when=now or timezone.now(),
            )
        ]
    )
