"""The course editor's view of its assessments, and adding one already filled in.

``courses`` shows these links in its editor panel (``courses.extensions``); the
add view reads ``?kind=&course=&lesson=`` so a new exam starts as this course's.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import CreateView

from courses.extensions import Link
from courses.models import LessonPage

from .models import Assessment, AssessmentKind

_URLS = "wagtailsnippets_assessments_assessment"


def authoring_links(course, user) -> list[Link]:
    """List the course's final exam and its lessons' quizzes, with edit and add links."""
    if not user.has_perm("assessments.change_assessment"):
        return []
    language = get_language()
    exam = Assessment.objects.filter(
        kind=AssessmentKind.EXAM, page_key=course.translation_key
    ).first()
    links = [_exam_link(course, exam, language)]
    lessons = LessonPage.objects.child_of(course).order_by("path")
    quizzes = {
        quiz.page_key: quiz
        for quiz in Assessment.objects.filter(
            kind=AssessmentKind.QUIZ,
            page_key__in=[lesson.translation_key for lesson in lessons],
        )
    }
    for lesson in lessons:
        links.append(_quiz_link(lesson, quizzes.get(lesson.translation_key), language))
    return links


def _exam_link(course, exam, language) -> Link:
    if exam is None:
        return Link(
            _("Add the final exam"),
            _add_url(kind=AssessmentKind.EXAM, course=course.pk),
            _("A course has at most one final exam."),
        )
    return Link(
        _("Final exam: %(title)s") % {"title": exam.localized_title(language)},
        reverse(f"{_URLS}:edit", args=[exam.pk]),
    )


def _quiz_link(lesson, quiz, language) -> Link:
    if quiz is None:
        return Link(
            _("Add a practice quiz to “%(lesson)s”") % {"lesson": lesson.title},
            _add_url(kind=AssessmentKind.QUIZ, lesson=lesson.pk),
        )
    return Link(
        _("Practice quiz of “%(lesson)s”: %(title)s")
        % {"lesson": lesson.title, "title": quiz.localized_title(language)},
        reverse(f"{_URLS}:edit", args=[quiz.pk]),
    )


def _add_url(**query) -> str:
    return f"{reverse(f'{_URLS}:add')}?{urlencode(query)}"


class AssessmentCreateView(CreateView):
    """Start a new quiz or exam with the kind and page the course editor linked from."""

    def get_initial(self):
        initial = super().get_initial()
        for name in ("kind", "course", "lesson"):
            if value := self.request.GET.get(name):
                initial[name] = value
        return initial
