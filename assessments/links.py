"""The links courses show to quizzes and exams (registered in ``AppConfig.ready``)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.extensions import Link

from .models import Assessment, AssessmentKind, Attempt


def lesson_links(lesson, user) -> list[Link]:
    quizzes = Assessment.objects.filter(
        kind=AssessmentKind.QUIZ, page_key=lesson.translation_key
    )
    return [
        Link(
            _("Practice quiz: %(title)s")
            % {"title": quiz.localized_title(get_language())},
            reverse("assessments:assessment", args=[quiz.pk]),
            _("Not graded for the certificate."),
        )
        for quiz in quizzes
    ]


def course_links(course, user) -> list[Link]:
    links = []
    for exam in Assessment.objects.filter(
        kind=AssessmentKind.EXAM, page_key=course.translation_key
    ):
        links.append(
            Link(
                _("Final exam: %(title)s")
                % {"title": exam.localized_title(get_language())},
                reverse("assessments:assessment", args=[exam.pk]),
                _exam_note(exam, user),
            )
        )
    return links


def _exam_note(exam, user) -> str:
    states = set()
    if user.is_authenticated:
        states = set(
            Attempt.objects.filter(user=user, assessment=exam)
            .filter(Q(passed=True) | Q(status=Attempt.Status.IN_PROGRESS))
            .values_list("status", flat=True)
        )
    if Attempt.Status.GRADED in states:
        return _("Passed")
    if Attempt.Status.IN_PROGRESS in states:
        # An attempt, not the course: "学习中" would say the course (issue 12).
        return _("Attempt in progress")
    return _("Pass mark %(mark)s%%") % {"mark": exam.pass_mark}


def next_step(course, user) -> Link | None:
    """The final exam, for a learner who has done every lesson but not passed it."""
    if not user.is_authenticated:
        return None
    for exam in Assessment.objects.filter(
        kind=AssessmentKind.EXAM, page_key=course.translation_key
    ):
        if not Attempt.objects.filter(user=user, assessment=exam, passed=True).exists():
            return Link(
                _("Next: the final exam, %(title)s")
                % {"title": exam.localized_title(get_language())},
                reverse("assessments:assessment", args=[exam.pk]),
            )
    return None
