"""What the quiz and exam pages show: questions, navigator, breadcrumb, next attempt.

Reads only. Correct answers are in a question only when ``reveal`` is asked
for (feedback is due); choices carry the attempt's tokens, never authoring
ids (``assessments.shown``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, LessonPage

from . import grading, services
from .exceptions import AssessmentError, MustWait
from .models import Assessment, AssessmentKind, Attempt


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


def questions(current: Attempt, language: str, *, reveal: bool = False) -> list[dict]:
    """Return what the page may show of each question: never the answers unless ``reveal``."""
    return [
        _question(item, language, reveal)
        for item in current.items.select_related("version")
    ]


def _question(item, language: str, reveal: bool) -> dict:
    content = item.version.content
    texts = {choice["id"]: choice for choice in content["choices"]}
    # Tokens, never authoring ids: those would tell the order and the answer.
    choices = [
        {"id": token, "text": _pick(texts[cid]["text"], language)}
        for token, cid in item.shown_choices()
    ]
    response = item.shown_response()
    question = {
        "position": item.position,
        "type": content["type"],
        "text": _pick(content["text"], language),
        "choices": choices,
        "response": response,
        "answered": item.is_answered,
        "flagged": item.flagged,
        "score": item.score,
        "correct": item.correct,
    }
    if content["type"] == grading.ORDERING:
        question["ordered"] = _in_order(choices, response)
    if reveal:
        question["explanation"] = _pick(content["explanation"], language)
        question["right"] = _right_answer(content, language)
    return question


def _in_order(choices: list[dict], response) -> list[dict]:
    """Return the choices in the learner's saved order, else as first shown."""
    if not response:
        return choices
    rank = {token: index for index, token in enumerate(response)}
    return sorted(choices, key=lambda choice: rank.get(choice["id"], len(rank)))


def pending(shown: list[dict]) -> dict:
    """Return the positions still unanswered and those flagged for review."""
    return {
        "unanswered": [q["position"] for q in shown if not q["answered"]],
        "flagged": [q["position"] for q in shown if q["flagged"]],
    }


def breadcrumb(assessment: Assessment, request, language: str) -> list[Crumb]:
    """Return the course (and the lesson, for a quiz) in the reader's language."""
    lesson = None
    course_key = assessment.page_key
    if assessment.kind == AssessmentKind.QUIZ:
        lesson = _localized(LessonPage, assessment.page_key, language)
        course_key = lesson.course_key if lesson else None
    course = _localized(CoursePage, course_key, language) if course_key else None
    return [
        Crumb(page.title, page.get_url(request))
        for page in (course, lesson)
        if page is not None
    ]


def _localized(model, key, language: str):
    pages = list(
        model.objects.live().filter(translation_key=key).select_related("locale")
    )
    pages.sort(
        key=lambda page: (
            page.locale.language_code != language,
            page.locale.language_code != settings.LANGUAGE_CODE,
        )
    )
    return pages[0] if pages else None


def next_attempt(user, assessment: Assessment) -> dict:
    """Return the attempts left and whether (or from when) another can start."""
    state = {
        "left": services.attempts_left(user=user, assessment=assessment),
        "can_start": False,
        "opens_at": None,
        "blocked": "",
    }
    try:
        services.check_can_start(user=user, assessment=assessment)
    except MustWait as error:
        state["opens_at"] = timezone.localtime(error.until)
    except AssessmentError as error:
        state["blocked"] = str(error)
    else:
        state["can_start"] = True
    return state


def _pick(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("zh-hans") or ""


def _right_answer(content: dict, language: str) -> str:
    kind = content["type"]
    choices = {choice["id"]: choice for choice in content["choices"]}
    if kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE):
        return "；".join(
            _pick(choices[c]["text"], language) for c in grading.correct_ids(content)
        )
    if kind == grading.ORDERING:
        return " → ".join(
            _pick(choice["text"], language) for choice in content["choices"]
        )
    if kind == grading.TRUE_FALSE:
        return _("True") if content["correct"] else _("False")
    return " / ".join(content["answers"])
