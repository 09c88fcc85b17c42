"""Grading an attempt and recording what happened in it, and the results' reads.

Every step is recorded through ``xapi.services.record_statements`` with the
builders of ``assessments.statements``: ``attempted`` when an attempt starts;
on grading, ``answered`` per answered question, ``passed`` or ``failed`` with
the score, and ``completed``, all with the attempt as ``context.registration``.
The course's completion follows from the ``passed`` statement (the projector
in ``assessments.projection``), not from a call made here.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from people.agents import agent_for
from xapi.services import record_statements

from .. import grading
from .. import statements as built
from ..models import (
    Assessment,
    AssessmentKind,
    Attempt,
    AttemptQuestion,
    FeedbackPolicy,
    ScorePolicy,
)
from .grants import attempts_allowed


def grade_attempt(*, attempt: Attempt, now=None) -> Attempt:
    """Grade a locked, ungraded attempt with its saved answers and record the result.

    The caller holds the attempt's row lock inside a transaction; the
    statements are recorded (and projected) in that same transaction.
    ``now`` is when it is graded (default: now).
    """
    items = list(attempt.items.select_related("version"))
    total = _grade_items(items)
    now = now or timezone.now()
    attempt.score, attempt.max_score = total, Decimal(len(items))
    attempt.percent = grading.percent(total, attempt.max_score)
    attempt.passed = attempt.percent >= attempt.assessment.pass_mark
    attempt.status = Attempt.Status.GRADED
    submitted = min(now, attempt.deadline) if attempt.deadline else now
    # Statements carry milliseconds: the row keeps the very instant they say,
    # so the course completed from the ``passed`` statement is dated the same.
    attempt.submitted_at = submitted.replace(
        microsecond=submitted.microsecond // 1000 * 1000
    )
    attempt.graded_at = now
    attempt.save(
        update_fields=[
            "score",
            "max_score",
            "percent",
            "passed",
            "status",
            "submitted_at",
            "graded_at",
        ]
    )
    record_statements(result_statements(attempt=attempt, items=items))
    return attempt


def _grade_items(items: list[AttemptQuestion]) -> Decimal:
    total = Decimal("0")
    outcomes: dict[tuple, list[int]] = {}
    for item in items:
        result = grading.grade(item.version.content, item.response)
        item.score, item.correct = result.score, result.correct
        total += result.score
        outcomes.setdefault((result.score, result.correct), []).append(item.pk)
    # One UPDATE per distinct outcome (right, wrong, a few partial scores):
    # far cheaper than bulk_update's CASE over every row.
    for (score, correct), pks in outcomes.items():
        AttemptQuestion.objects.filter(pk__in=pks).update(score=score, correct=correct)
    return total


def assessment_object(assessment: Assessment) -> dict:
    """Return the xAPI Activity of a quiz or exam."""
    return built.assessment_activity(
        activity_id=assessment.activity_id,
        titles={"zh-hans": assessment.title, "en": assessment.title_en},
    )


def statement_language() -> str:
    """The language the learner is using now; the site's default outside a request."""
    return translation.get_language() or settings.LANGUAGE_CODE


def attempted_statement(*, attempt: Attempt) -> dict:
    """Return the ``attempted`` statement of an attempt that has just started."""
    return built.attempted(
        actor=agent_for(attempt.user),
        assessment=assessment_object(attempt.assessment),
        registration=str(attempt.registration),
        timestamp=attempt.started_at,
        language=statement_language(),
    )


def result_statements(*, attempt: Attempt, items: list[AttemptQuestion]) -> list[dict]:
    """Return the statements of a graded attempt, all dated when it was submitted."""
    common = {
        "actor": agent_for(attempt.user),
        "registration": str(attempt.registration),
        "timestamp": attempt.submitted_at,
        "language": statement_language(),
    }
    target = assessment_object(attempt.assessment)
    found = [
        built.answered(
            question=built.question_activity(
                item.version.activity_id, item.version.content
            ),
            assessment=target,
            response=built.response_text(item.version.content, item.response),
            correct=bool(item.correct),
            **common,
        )
        for item in items
        if item.response is not None
    ]
    outcome = built.graded(
        assessment=target,
        passed=bool(attempt.passed),
        raw_score=attempt.score,
        max_score=attempt.max_score,
        **common,
    )
    return [*found, outcome, built.completed(assessment=target, **common)]


def exam_passed(*, user_id, course_key, since=None) -> bool:
    """The course rule's exam part: true when the course has no exam, or it is passed.

    Only a graded ``Attempt`` counts: a ``passed`` statement sent by another
    LRS client for an exam's IRI passes nothing.
    """
    exams = Assessment.objects.filter(kind=AssessmentKind.EXAM, page_key=course_key)
    if not exams.exists():
        return True
    passes = Attempt.objects.filter(user_id=user_id, assessment__in=exams, passed=True)
    if since is not None:
        passes = passes.filter(started_at__gte=since)
    return passes.exists()


def best_exam_result(*, user_id, course_key, since=None) -> dict | None:
    """Return the best passed exam result of a course, for its certificate.

    ``{"score": 92.0, "max_score": 100.0, "percent": 92.0}``, or None when the
    course has no exam or none was passed (since ``since``, the start of the
    learner's current training cycle, when given).
    """
    attempts = Attempt.objects.filter(
        user_id=user_id,
        assessment__kind=AssessmentKind.EXAM,
        assessment__page_key=course_key,
        passed=True,
    )
    if since is not None:
        attempts = attempts.filter(started_at__gte=since)
    best = attempts.order_by("-percent", "-graded_at").first()
    if best is None:
        return None
    return {
        "score": float(best.score),
        "max_score": float(best.max_score),
        "percent": float(best.percent),
    }


def feedback_due(*, attempt: Attempt) -> bool:
    """Return whether explanations and correct answers may be shown for ``attempt``."""
    if not attempt.is_graded:
        return False
    policy = attempt.assessment.feedback
    if policy == FeedbackPolicy.AFTER_EACH:
        return True
    if policy == FeedbackPolicy.AFTER_PASSING:
        return Attempt.objects.filter(
            user_id=attempt.user_id, assessment=attempt.assessment, passed=True
        ).exists()
    if policy == FeedbackPolicy.AFTER_LAST:
        allowed = attempts_allowed(user=attempt.user, assessment=attempt.assessment)
        used = Attempt.objects.filter(
            user_id=attempt.user_id, assessment=attempt.assessment
        ).count()
        return allowed is not None and used >= allowed
    return False


def counted_attempt(*, user, assessment: Assessment) -> Attempt | None:
    """Return the graded attempt whose score counts: the best or the last, as set."""
    graded = Attempt.objects.filter(
        user=user, assessment=assessment, status=Attempt.Status.GRADED
    )
    if assessment.score_policy == ScorePolicy.LAST:
        return graded.order_by("-number").first()
    return graded.order_by("-percent", "number").first()
