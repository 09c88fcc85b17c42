"""Taking quizzes and exams: the assessment's page, an attempt, its result.

Forms work without JavaScript (one form with every question, "Save" and
"Submit" buttons); ``answer`` takes the same answers as JSON for clients that
save as the learner goes. Correct answers reach the page only once feedback
is due (``services.feedback_due``). Choices are shown and sent as the tokens
drawn for the attempt (``assessments.shown``), never as their authoring ids.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import grading, services
from .exceptions import AssessmentError, AttemptClosed, InvalidAnswer
from .models import Assessment, Attempt


@login_required
def assessment(request, pk: int):
    """Show a quiz or exam: its rules, the learner's attempts, and start or resume."""
    item = get_object_or_404(Assessment, pk=pk)
    attempts = list(Attempt.objects.for_learner(request.user).filter(assessment=item))
    blocked = None
    in_progress = next((a for a in attempts if not a.is_graded), None)
    if in_progress is None:
        try:
            services.check_can_start(user=request.user, assessment=item)
        except AssessmentError as error:
            blocked = str(error)
    allowed = services.attempts_allowed(user=request.user, assessment=item)
    return TemplateResponse(
        request,
        "assessments/assessment.html",
        {
            "assessment": item,
            "title": item.localized_title(get_language()),
            "attempts": attempts,
            "in_progress": in_progress,
            "blocked": blocked,
            "attempts_left": None
            if allowed is None
            else max(allowed - len(attempts), 0),
        },
    )


@login_required
@require_POST
def start(request, pk: int):
    item = get_object_or_404(Assessment, pk=pk)
    try:
        attempt = services.start_attempt(user=request.user, assessment=item)
    except AssessmentError as error:
        messages.error(request, str(error))
        return redirect("assessments:assessment", pk=pk)
    return redirect("assessments:attempt", pk=attempt.pk)


def _own_attempt(request, pk: int) -> Attempt:
    # Another learner's attempt is a 404, not a 403: its existence is not theirs to know.
    return get_object_or_404(
        Attempt.objects.select_related("assessment"), pk=pk, user=request.user
    )


@login_required
def attempt(request, pk: int):
    """Show the attempt's questions (GET), or save or submit its answers (POST).

    A GET never writes: an attempt past its deadline is shown read-only as
    time up, and is graded by the next POST or by the beat task.
    """
    current = _own_attempt(request, pk)
    time_up = not current.is_graded and current.is_past_deadline()
    if request.method == "POST" and time_up:
        current = services.submit_attempt(attempt=current)
    if current.is_graded:
        return redirect("assessments:result", pk=pk)
    if request.method == "POST":
        return _post_answers(request, current)
    return TemplateResponse(
        request,
        "assessments/attempt.html",
        {
            "attempt": current,
            "questions": _questions(current, get_language()),
            "time_up": time_up,
        },
    )


def _post_answers(request, current: Attempt):
    answers = _answers_from_form(request.POST, current)
    try:
        services.save_shown_answers(attempt=current, answers=answers)
    except InvalidAnswer as error:
        return TemplateResponse(
            request,
            "assessments/attempt.html",
            {
                "attempt": current,
                "questions": _questions(current, get_language()),
                "error": str(error),
            },
            status=400,
        )
    except AttemptClosed as error:
        messages.info(request, str(error))
        return redirect("assessments:result", pk=current.pk)
    if "submit" in request.POST:
        services.submit_attempt(attempt=current)
        return redirect("assessments:result", pk=current.pk)
    messages.success(request, _("Your answers have been saved."))
    return redirect("assessments:attempt", pk=current.pk)


def _answers_from_form(data, current: Attempt) -> dict:
    """Read ``q<position>`` fields into responses of each question's shape.

    A question whose field is absent keeps its saved answer (a radio group
    nobody touched sends nothing); checkbox groups send a ``-seen`` marker so
    that clearing every box is an answer too.
    """
    answers = {}
    for item in current.items.select_related("version"):
        name = f"q{item.position}"
        kind = item.version.content["type"]
        if kind == grading.MULTIPLE_CHOICE and name + "-seen" in data:
            answers[item.position] = data.getlist(name) or None
        elif kind == grading.ORDERING and any(
            data.get(f"{name}-{index}")
            for index in range(1, len(item.choice_order) + 1)
        ):
            answers[item.position] = _ordering(data, name, item)
        elif kind == grading.TRUE_FALSE and name in data:
            answers[item.position] = data[name] == "true"
        elif kind in (grading.SINGLE_CHOICE, grading.FILL_IN) and name in data:
            answers[item.position] = data[name] or None
    return answers


def _ordering(data, name: str, item) -> list:
    # Each item gets a rank field; items are ordered by the rank given.
    ranked = []
    for index, (token, _choice_id) in enumerate(item.shown_choices(), start=1):
        try:
            rank = int(data.get(f"{name}-{index}", ""))
        except ValueError:
            rank = 999
        ranked.append((rank, index, token))
    return [token for _rank, _index, token in sorted(ranked)]


@login_required
@require_POST
def answer(request, pk: int):
    """Save answers sent as JSON: ``{"answers": {"<position>": <response>, ...}}``.

    Choices are the tokens the attempt's page shows. Whatever the body, the
    answer is JSON: 400 for a body it cannot read (nested too deeply too).
    """
    current = _own_attempt(request, pk)
    try:
        body = json.loads(request.body or b"{}")
    except RecursionError:
        return JsonResponse({"error": _("The JSON is nested too deeply.")}, status=400)
    except ValueError:
        return JsonResponse({"error": _("The body is not JSON.")}, status=400)
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, dict):
        return JsonResponse({"error": 'Send {"answers": {...}}.'}, status=400)
    try:
        saved = services.save_shown_answers(attempt=current, answers=answers)
    except InvalidAnswer as error:
        return JsonResponse({"error": str(error)}, status=400)
    except AttemptClosed as error:
        return JsonResponse({"error": str(error)}, status=409)
    return JsonResponse({"saved": saved})


@login_required
def result(request, pk: int):
    """Show a graded attempt: the score and, once due, the feedback per question."""
    current = _own_attempt(request, pk)
    if not current.is_graded:
        # Not graded yet (even if its time is up: a GET does not grade).
        return redirect("assessments:attempt", pk=pk)
    show = services.feedback_due(attempt=current)
    return TemplateResponse(
        request,
        "assessments/result.html",
        {
            "attempt": current,
            "title": current.assessment.localized_title(get_language()),
            "feedback": show,
            "questions": _questions(current, get_language(), reveal=show),
        },
    )


def _questions(current: Attempt, language: str, *, reveal: bool = False) -> list[dict]:
    """Return what the page may show of each question: never the answers unless ``reveal``."""
    shown = []
    for item in current.items.select_related("version"):
        content = item.version.content
        texts = {choice["id"]: choice for choice in content["choices"]}
        question = {
            "position": item.position,
            "type": content["type"],
            "text": _pick(content["text"], language),
            # Tokens, never authoring ids: those would tell the order and the answer.
            "choices": [
                {"id": token, "text": _pick(texts[cid]["text"], language)}
                for token, cid in item.shown_choices()
            ],
            "response": item.shown_response(),
            "score": item.score,
            "correct": item.correct,
        }
        if reveal:
            question["explanation"] = _pick(content["explanation"], language)
            question["right"] = _right_answer(content, language)
        shown.append(question)
    return shown


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
