"""Why a course is not certified yet, in the terms of its completion rule.

The learner sees it on their certificates page and HR on a staff member's
page: the same explanation, from the same records the rule reads (lessons
done in the current cycle, the exam passed here, prerequisites completed).
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from wagtail.models import Locale

from assessments.services import exam_passed
from courses.models import CompletionRule, CoursePage, Enrolment, LessonProgress


@dataclass
class Eligibility:
    course: CoursePage
    enrolment: Enrolment | None
    certified: bool = False
    lessons_left: list = field(default_factory=list)
    exam_missing: bool = False
    prerequisites: list = field(default_factory=list)

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None


def _reader_locale():
    return Locale.objects.filter(language_code=get_language()).first()


def explain(
    user, enrolment: Enrolment, *, certified_keys=frozenset(), locale=None
) -> Eligibility | None:
    """Return what stands between ``user`` and the certificate of an enrolment's course."""
    course = CoursePage.live_for_key(enrolment.course_key)
    if course is None:
        return None
    locale = locale or _reader_locale()
    course = (course.get_translation_or_none(locale) if locale else None) or course
    found = Eligibility(course=course, enrolment=enrolment)
    if enrolment.is_completed and enrolment.course_key in certified_keys:
        found.certified = True
        return found
    done = LessonProgress.objects.lesson_keys(
        user=user, course_key=enrolment.course_key, since=enrolment.cycle_started_at
    )
    found.lessons_left = [
        lesson for lesson in course.lessons() if lesson.translation_key not in done
    ]
    found.exam_missing = (
        course.completion_rule == CompletionRule.LESSONS_AND_EXAM
        and not exam_passed(
            user_id=user.pk,
            course_key=enrolment.course_key,
            since=enrolment.cycle_started_at,
        )
    )
    found.prerequisites = course.unmet_prerequisites(user)
    return found


def explain_all(user) -> list[Eligibility]:
    """Every enrolled course of ``user`` that is not certified yet, with its reasons."""
    from .models import Certificate

    certified = set(
        Certificate.objects.current()
        .filter(holder=user)
        .values_list("course_key", flat=True)
    )
    rows = []
    locale = _reader_locale()  # once for the list, not per course
    for enrolment in Enrolment.objects.for_learner(user).order_by("-enrolled_at"):
        if enrolment.is_completed and enrolment.course_key in certified:
            continue
        found = explain(user, enrolment, certified_keys=certified, locale=locale)
        if found is not None:
            rows.append(found)
    return rows
