"""What changes a learner's courses: enrolment, starting, lessons, completion, assignments.

Lesson progress is never written here directly: ``complete_lesson`` records an
xAPI statement and ``courses.projection`` turns that statement (or the same
statement from an external package) into progress, in the same transaction.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from people.models import StaffMember
from xapi import vocabulary as v
from xapi.services import record

from . import statements
from .caching import forget_learner_state
from .exceptions import CourseNotStarted, PrerequisitesNotMet
from .models import (
    Assignment,
    CompletionRule,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    StudyHourEntry,
)

XAPI_VERSION = "1.0.3"

# Each callable answers whether the rest of a course's rule holds for a
# learner (e.g. the final exam passed); the assessments app registers one.
CompletionRequirement = Callable[..., bool]
_requirements: list[CompletionRequirement] = []


def register_completion_requirement(check: CompletionRequirement) -> None:
    """Add ``check(user_id=..., course_key=...) -> bool`` to courses ruled "and exam"."""
    if check not in _requirements:
        _requirements.append(check)


def platform_authority() -> dict:
    """Return the authority of the statements the platform records about its learners."""
    return {
        "objectType": "Agent",
        "name": "LMS",
        "account": {"homePage": settings.SITE_BASE_URL, "name": "lms"},
    }


def learner_agent(user) -> dict:
    """Return the xAPI Agent for ``user``: an account named by the employee ID."""
    return v.learner(user.get_username())


def activity_ref(page) -> statements.ActivityRef:
    kind = v.LESSON if isinstance(page, LessonPage) else v.COURSE
    return statements.ActivityRef(
        id=page.activity_id,
        type=kind,
        name=page.title,
        language=page.locale.language_code,
    )


def _record(*built: dict) -> None:
    record(list(built), authority=platform_authority(), version=XAPI_VERSION)


def unmet_prerequisites(*, user, course: CoursePage) -> list[CoursePage]:
    """Return the prerequisite courses ``user`` has not completed yet."""
    required = [link.prerequisite for link in course.prerequisite_links.all()]
    if not required:
        return []
    done = set(
        Enrolment.objects.filter(
            user=user,
            status=Enrolment.Status.COMPLETED,
            course_key__in=[page.translation_key for page in required],
        ).values_list("course_key", flat=True)
    )
    return [page for page in required if page.translation_key not in done]


@transaction.atomic
def enrol_learner(*, user, course: CoursePage) -> Enrolment:
    """Enrol ``user`` in ``course`` (idempotent) and record ``registered``."""
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course_key=course.translation_key
    )
    if created:
        _record(
            statements.build(
                actor=learner_agent(user),
                verb=v.REGISTERED,
                activity=activity_ref(course),
                timestamp=enrolment.enrolled_at,
            )
        )
    return enrolment


@transaction.atomic
def start_course(*, user, course: CoursePage) -> LessonPage | None:
    """Enrol if needed, mark the course started, and return the lesson to resume.

    Raises ``PrerequisitesNotMet`` naming the courses still to complete.
    Starting twice changes nothing; the lesson returned is the first one not
    yet completed (or the first lesson once all are done).
    """
    missing = unmet_prerequisites(user=user, course=course)
    if missing:
        raise PrerequisitesNotMet(missing)
    enrolment = enrol_learner(user=user, course=course)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.started_at is None:
        enrolment.started_at = timezone.now()
        if enrolment.status == Enrolment.Status.ENROLLED:
            enrolment.status = Enrolment.Status.IN_PROGRESS
        enrolment.save(update_fields=["started_at", "status"])
        _record(
            statements.build(
                actor=learner_agent(user),
                verb=v.INITIALIZED,
                activity=activity_ref(course),
                timestamp=enrolment.started_at,
            )
        )
    return resume_lesson(user=user, course=course)


def resume_lesson(*, user, course: CoursePage) -> LessonPage | None:
    """Return the first lesson of ``course`` that ``user`` has not completed."""
    lessons = list(course.lessons())
    if not lessons:
        return None
    done = completed_lesson_keys(user=user, course_key=course.translation_key)
    for lesson in lessons:
        if lesson.translation_key not in done:
            return lesson
    return lessons[0]


def completed_lesson_keys(*, user, course_key) -> set:
    return set(
        LessonProgress.objects.filter(user=user, course_key=course_key).values_list(
            "lesson_key", flat=True
        )
    )


@transaction.atomic
def complete_lesson(*, user, lesson: LessonPage) -> None:
    """Record that ``user`` reached the end of ``lesson`` and confirmed it.

    The statement goes through the LRS; the projector then records the
    progress and, when the course's rule holds, the course's completion.
    Raises ``CourseNotStarted`` unless the learner has started the course.
    """
    course = lesson.get_parent().specific
    started = Enrolment.objects.filter(
        user=user, course_key=course.translation_key, started_at__isnull=False
    ).exists()
    if not started:
        raise CourseNotStarted(course)
    _record(
        statements.build(
            actor=learner_agent(user),
            verb=v.COMPLETED,
            activity=activity_ref(lesson),
            parent=activity_ref(course),
            timestamp=timezone.now(),
            result=statements.completion_result(),
        )
    )


@transaction.atomic
def record_lesson_progress(
    *, user_id: int, lesson_key, course_key, when: datetime, statement_id=None
) -> bool:
    """Project one completion of a lesson; return whether it was new.

    Locks the enrolment row first, so two lessons completed at the same
    moment cannot both miss that the course is now complete.
    """
    enrolment, _created = Enrolment.objects.get_or_create(
        user_id=user_id,
        course_key=course_key,
        defaults={"status": Enrolment.Status.IN_PROGRESS, "started_at": when},
    )
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    _progress, created = LessonProgress.objects.get_or_create(
        user_id=user_id,
        lesson_key=lesson_key,
        defaults={
            "course_key": course_key,
            "completed_at": when,
            "statement_id": statement_id,
        },
    )
    if enrolment.status == Enrolment.Status.ENROLLED or enrolment.started_at is None:
        enrolment.status = Enrolment.Status.IN_PROGRESS
        enrolment.started_at = enrolment.started_at or when
    enrolment.last_lesson_key = lesson_key
    enrolment.save(update_fields=["status", "started_at", "last_lesson_key"])
    evaluate_completion(enrolment=enrolment, when=when)
    return created


@transaction.atomic
def undo_lesson_progress(*, statement_ids: list[str]) -> int:
    """Remove the lesson progress these (now voided) statements recorded.

    A course completed on the strength of that progress is no longer complete:
    its completion date and the 学时 it credited are withdrawn, so reports
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
            StudyHourEntry.objects.filter(
                user_id=row.user_id,
                course_key=row.course_key,
                year=timezone.localdate(enrolment.completed_at).year,
            ).delete()
            enrolment.status = Enrolment.Status.IN_PROGRESS
            enrolment.completed_at = None
            enrolment.save(update_fields=["status", "completed_at"])
    return len(rows)


def course_for_key(course_key) -> CoursePage | None:
    """Return a live version of the course, preferring the site's default language."""
    pages = list(
        CoursePage.objects.live()
        .filter(translation_key=course_key)
        .select_related("locale")
    )
    pages.sort(key=lambda page: page.locale.language_code != settings.LANGUAGE_CODE)
    return pages[0] if pages else None


def evaluate_completion(*, enrolment: Enrolment, when: datetime) -> bool:
    """Complete the enrolment if the course's rule now holds; return whether it did.

    Completion happens once: it records its date, credits the course's study
    hours to that calendar year in the ledger, and records ``completed`` for
    the course. The caller holds a lock on the enrolment row.
    """
    if enrolment.is_completed:
        return False
    course = course_for_key(enrolment.course_key)
    if course is None or not _rule_holds(enrolment, course):
        return False
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = when
    enrolment.save(update_fields=["status", "completed_at"])
    credited_on = timezone.localdate(when)
    StudyHourEntry.objects.get_or_create(
        user_id=enrolment.user_id,
        course_key=enrolment.course_key,
        year=credited_on.year,
        defaults={
            "hours": course.effective_credit_hours,
            "title": course.title,
            "credited_on": credited_on,
        },
    )
    _record(
        statements.build(
            actor=learner_agent(enrolment.user),
            verb=v.COMPLETED,
            activity=activity_ref(course),
            timestamp=when,
            result=statements.completion_result(),
        )
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
    done = set(
        LessonProgress.objects.filter(
            user_id=enrolment.user_id, lesson_key__in=lesson_keys
        ).values_list("lesson_key", flat=True)
    )
    if done != lesson_keys:
        return False
    if course.completion_rule == CompletionRule.LESSONS_AND_EXAM:
        return all(
            check(user_id=enrolment.user_id, course_key=enrolment.course_key)
            for check in _requirements
        )
    return True


# --- Required training -----------------------------------------------------


@transaction.atomic
def create_assignment(*, created_by, due_date: date, **rule) -> tuple[Assignment, int]:
    """Create an assignment rule and enrol the staff it matches now.

    ``rule`` holds ``course`` or ``programme`` and at least one target
    (``department`` with ``include_subdepartments``, ``position``, ``grade``,
    ``staff``). Returns the assignment and how many enrolments it created or
    made required. Scope is the caller's check (``AssignmentForm`` does it).
    """
    assignment = Assignment(created_by=created_by, due_date=due_date, **rule)
    assignment.full_clean()
    assignment.save()
    return assignment, apply_assignment(assignment)


def matching_staff(assignment: Assignment):
    """Return the active staff an assignment's rule includes."""
    staff = StaffMember.objects.active()
    if assignment.department_id:
        if assignment.include_subdepartments:
            staff = staff.in_subtree(assignment.department)
        else:
            staff = staff.filter(department_id=assignment.department_id)
    if assignment.position_id:
        staff = staff.filter(position_id=assignment.position_id)
    if assignment.grade_id:
        staff = staff.filter(grade_id=assignment.grade_id)
    if assignment.staff_id:
        staff = staff.filter(pk=assignment.staff_id)
    return staff


def assignment_course_keys(assignment: Assignment) -> list:
    if assignment.course_id:
        return [assignment.course.translation_key]
    return [
        link.course.translation_key
        for link in assignment.programme.course_links.select_related("course")
    ]


def apply_assignment(assignment: Assignment, staff=None) -> int:
    """Enrol the matching staff (all, or those in ``staff``) as required, by the due date."""
    people = matching_staff(assignment)
    if staff is not None:
        people = people.filter(pk__in=[member.pk for member in staff])
    user_ids = list(people.values_list("user_id", flat=True))
    return _require(user_ids, assignment_course_keys(assignment), assignment.due_date)


def _require(user_ids: list[int], course_keys: list, due_date: date) -> int:
    """Make each (user, course) enrolment required, keeping the earliest due date."""
    if not user_ids or not course_keys:
        return 0
    existing = {
        (row.user_id, row.course_key): row
        for row in Enrolment.objects.filter(
            user_id__in=user_ids, course_key__in=course_keys
        )
    }
    now = timezone.now()
    new, changed = [], []
    for user_id in user_ids:
        for key in course_keys:
            row = existing.get((user_id, key))
            if row is None:
                new.append(
                    Enrolment(
                        user_id=user_id,
                        course_key=key,
                        required=True,
                        due_date=due_date,
                        enrolled_at=now,
                    )
                )
            elif not row.required or row.due_date is None or row.due_date > due_date:
                row.required = True
                row.due_date = due_date
                changed.append(row)
    Enrolment.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    Enrolment.objects.bulk_update(changed, ["required", "due_date"], batch_size=500)
    forget_learner_state((row.user_id, row.course_key) for row in new + changed)
    return len(new) + len(changed)


def apply_assignments_to_staff(staff_ids: Iterable[int]) -> int:
    """Apply every assignment rule to these staff (after they join or move)."""
    members = list(
        StaffMember.objects.active()
        .filter(pk__in=list(staff_ids))
        .select_related("department")
    )
    if not members:
        return 0
    total = 0
    for assignment in Assignment.objects.select_related(
        "course", "programme", "department"
    ):
        total += apply_assignment(assignment, staff=members)
    return total


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
