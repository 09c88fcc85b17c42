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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import answer_form, player, services
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
    return TemplateResponse(
        request,
        "assessments/assessment.html",
        {
            "assessment": item,
            "title": item.localized_title(get_language()),
            "crumbs": player.breadcrumb(item, request, get_language()),
            "attempts": attempts,
            "in_progress": in_progress,
            "blocked": blocked,
            "attempts_left": services.attempts_left(user=request.user, assessment=item),
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
    return _attempt_page(request, current, time_up=time_up)


def _attempt_page(request, current: Attempt, *, status=200, **extra):
    language = get_language()
    assessment = current.assessment
    context = {
        "attempt": current,
        "title": assessment.localized_title(language),
        "crumbs": player.breadcrumb(assessment, request, language),
        "questions": player.questions(current, language),
        **extra,
    }
    if current.deadline:
        left = current.deadline - timezone.now()
        context["seconds_left"] = max(int(left.total_seconds()), 0)
    return TemplateResponse(request, "assessments/attempt.html", context, status=status)


def _post_answers(request, current: Attempt):
    """Save what the form sent, then move an item, submit, or ask to confirm."""
    items = list(current.items.select_related("version"))
    posted = answer_form.read(request.POST, items)
    try:
        services.save_shown_answers(
            attempt=current, answers=posted.answers, flags=posted.flags
        )
    except InvalidAnswer as error:
        return _attempt_page(request, current, status=400, error=str(error))
    except AttemptClosed as error:
        messages.info(request, str(error))
        return redirect("assessments:result", pk=current.pk)
    if posted.moved is not None:
        return redirect(
            reverse("assessments:attempt", args=[current.pk]) + f"#q{posted.moved}"
        )
    if "submit" in request.POST:
        return _submit(request, current)
    messages.success(request, _("Your answers have been saved."))
    return redirect("assessments:attempt", pk=current.pk)


def _submit(request, current: Attempt):
    """Submit, unless questions are unanswered or flagged and not yet confirmed."""
    if "confirmed" not in request.POST:
        language = get_language()
        left = player.pending(player.questions(current, language))
        if left["unanswered"] or left["flagged"]:
            return TemplateResponse(
                request,
                "assessments/confirm.html",
                {
                    "attempt": current,
                    "title": current.assessment.localized_title(language),
                    "crumbs": player.breadcrumb(current.assessment, request, language),
                    **left,
                },
            )
    services.submit_attempt(attempt=current)
    return redirect("assessments:result", pk=current.pk)


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
    """Show a graded attempt: the score, the next attempt and, once due, the feedback."""
    current = _own_attempt(request, pk)
    if not current.is_graded:
        # Not graded yet (even if its time is up: a GET does not grade).
        return redirect("assessments:attempt", pk=pk)
    show = services.feedback_due(attempt=current)
    language = get_language()
    assessment = current.assessment
    in_progress = (
        Attempt.objects.for_learner(request.user)
        .filter(assessment=assessment, status=Attempt.Status.IN_PROGRESS)
        .first()
    )
    return TemplateResponse(
        request,
        "assessments/result.html",
        {
            "attempt": current,
            "title": assessment.localized_title(language),
            "crumbs": player.breadcrumb(assessment, request, language),
            "feedback": show,
            "questions": player.questions(current, language, reveal=show),
            "in_progress": in_progress,
            "next": None
            if current.passed or in_progress
            else player.next_attempt(request.user, assessment),
        },
    )
