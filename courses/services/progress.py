"""Progress projected from statements: lessons done, and the course's completion.

These run inside ``xapi.record``'s transaction, called by the courses
projector (``courses.projection``) and by the assessments projector after an
exam is passed. Completing a course records the course's ``completed``: a
follow-on statement, which the projector contract allows one level deep
(``xapi/projectors.py``).
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from people.agents import agent_for
from xapi.services import record_statements

from .. import statements
from ..activities import activity_ref
from ..models import (
    CompletionRule,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)
from ..signals import completion_withdrawn

# Each callable answers whether the rest of a course's rule holds for a
# learner (e.g. the final exam passed); the assessments app registers one.
CompletionRequirement = Callable[..., bool]
_requirements: list[CompletionRequirement] = []


def register_completion_requirement(check: CompletionRequirement) -> None:
    """Add ``check(user_id=, course_key=, since=) -> bool`` to courses ruled "and exam".

    ``since`` is the start of the learner's current cycle (None: all time).
    """
    if check not in _requirements:
        _requirements.append(check)


@transaction.atomic
def record_lesson_progress(
    *, user_id: int, lesson_key, course_key, when: datetime, statement_id=None
) -> bool:
    """Project one completion of a lesson; return whether it counted.

    Progress moves only for a lesson the learner may take: the course is
    live, its prerequisites are met, and the learner is enrolled or may enrol
    (then the enrolment is made and recorded). Otherwise the statement stays
    stored and changes nothing (issue 11, hole 2). Locks the enrolment row
    first, so two lessons completed at the same moment cannot both miss that
    the course is now complete.
    """
    enrolment = _enrolment_for_progress(user_id, course_key, when)
    if enrolment is None:
        return False
    progress, created = LessonProgress.objects.get_or_create(
        user_id=user_id,
        lesson_key=lesson_key,
        defaults={
            "course_key": course_key,
            "completed_at": when,
            "statement_id": statement_id,
        },
    )
    cycle = enrolment.cycle_started_at
    if not created and cycle is not None and progress.completed_at < cycle:
        # Done again in a renewal cycle: it now counts for this cycle.
        progress.completed_at, progress.statement_id = when, statement_id
        progress.save(update_fields=["completed_at", "statement_id"])
        created = True
    if enrolment.status == Enrolment.Status.ENROLLED or enrolment.started_at is None:
        enrolment.status = Enrolment.Status.IN_PROGRESS
        enrolment.started_at = enrolment.started_at or when
    enrolment.last_lesson_key = lesson_key
    enrolment.save(update_fields=["status", "started_at", "last_lesson_key"])
    evaluate_completion(enrolment=enrolment, when=when)
    return created


def _enrolment_for_progress(user_id: int, course_key, when: datetime):
    """Return the learner's enrolment, locked, if they may take the course."""
    from django.contrib.auth import get_user_model

    from .learning import enrol_learner

    course = CoursePage.live_for_key(course_key)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if course is None or user is None or course.unmet_prerequisites(user):
        return None
    enrolment = Enrolment.objects.filter(user_id=user_id, course_key=course_key).first()
    if enrolment is None:
        enrolment = enrol_learner(user=user, course=course, now=when)
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


@transaction.atomic
def undo_lesson_progress(*, statement_ids: list[str]) -> int:
    """Remove the lesson progress these (now voided) statements recorded.

    A course completed on the strength of that progress is no longer complete:
    its completion date is withdrawn and ``completion_withdrawn`` sent (the
    ledger reverses the 学时 it credited), so reports
    agree with what the statements now say. Returns how many lessons were
    undone.
    """
    rows = list(LessonProgress.objects.filter(statement_id__in=statement_ids))
    for row in rows:
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(user_id=row.user_id, course_key=row.course_key)
            .first()
        )
        row.delete()
        if enrolment is not None and enrolment.is_completed:
            _withdraw_completion(enrolment)
    return len(rows)


def _withdraw_completion(enrolment: Enrolment) -> None:
    completion_withdrawn.send(
        sender=Enrolment,
        user_id=enrolment.user_id,
        course_key=enrolment.course_key,
        completed_at=enrolment.completed_at,
    )
    enrolment.status = Enrolment.Status.IN_PROGRESS
    enrolment.completed_at = None
    enrolment.save(update_fields=["status", "completed_at"])


def evaluate_completion(*, enrolment: Enrolment, when: datetime) -> bool:
    """Complete the enrolment if the course's rule now holds; return whether it did.

    Completion happens once: it records its date and records ``completed``
    for the course (a follow-on statement), whose projectors credit the
    study hours (``ledger``) and issue the certificate. The caller holds a
    lock on the enrolment row.
    """
    if enrolment.is_completed:
        return False
    course = CoursePage.live_for_key(enrolment.course_key)
    if course is None or not _rule_holds(enrolment, course):
        return False
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = when
    enrolment.save(update_fields=["status", "completed_at"])
    record_statements(
        [
            statements.course_completed(
                actor=agent_for(enrolment.user), course=activity_ref(course), when=when
            )
        ]
    )
    return True


def _rule_holds(enrolment: Enrolment, course: CoursePage) -> bool:
    lesson_keys = set(
        LessonPage.objects.live()
        .filter(course_key=enrolment.course_key)
        .values_list("translation_key", flat=True)
    )
    if not lesson_keys:
        return False
    done = LessonProgress.objects.lesson_keys(
        user=enrolment.user_id,
        lesson_keys=lesson_keys,
        since=enrolment.cycle_started_at,
    )
    if done != lesson_keys:
        return False
    if course.completion_rule == CompletionRule.LESSONS_AND_EXAM:
        return all(
            check(
                user_id=enrolment.user_id,
                course_key=enrolment.course_key,
                since=enrolment.cycle_started_at,
            )
            for check in _requirements
        )
    return True


@transaction.atomic
def recheck_completion(*, user_id: int, course_key, when: datetime) -> bool:
    """Complete the learner's course if its rule now holds (e.g. after an exam)."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user_id=user_id, course_key=course_key)
        .first()
    )
    if enrolment is None:
        return False
    return evaluate_completion(enrolment=enrolment, when=when)
