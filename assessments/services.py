"""Attempts: starting (drawing questions), saving answers, grading, extra attempts.

Every step is recorded through ``xapi``: ``attempted`` when an attempt starts;
on grading, ``answered`` per answered question, ``passed`` or ``failed`` with
the score, and ``completed``, all with the attempt as ``context.registration``.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import services as courses
from courses.models import Enrolment
from people.agents import agent_for
from xapi import vocabulary as v
from xapi.services import record_statements
from xapi.statements import format_time

from . import grading
from . import statements as built
from .exceptions import (
    AttemptClosed,
    InvalidAnswer,
    MustWait,
    NoAttemptsLeft,
    NotAvailable,
)
from .models import (
    Assessment,
    AssessmentKind,
    Attempt,
    AttemptGrant,
    AttemptQuestion,
    Question,
)

_random = random.SystemRandom()


def attempts_allowed(*, user, assessment: Assessment) -> int | None:
    """Return how many attempts ``user`` may make in all (None: no limit)."""
    if assessment.max_attempts is None:
        return None
    extra = AttemptGrant.objects.filter(assessment=assessment, user=user).count()
    return assessment.max_attempts + extra


def check_can_start(*, user, assessment: Assessment, now=None) -> None:
    """Raise why ``user`` cannot start an attempt now (nothing when they can)."""
    now = now or timezone.now()
    if not assessment.is_open(now):
        raise NotAvailable(_("This assessment is not open now."))
    if not Enrolment.objects.filter(
        user=user, course_key=_course_key(assessment), started_at__isnull=False
    ).exists():
        raise NotAvailable(_("Start the course before taking its assessments."))
    done = Attempt.objects.filter(user=user, assessment=assessment)
    allowed = attempts_allowed(user=user, assessment=assessment)
    if allowed is not None and done.count() >= allowed:
        raise NoAttemptsLeft(_("You have used all your attempts."))
    last = done.order_by("-number").first()
    if last is not None and assessment.wait_minutes and last.graded_at:
        until = last.graded_at + timedelta(minutes=assessment.wait_minutes)
        if now < until:
            raise MustWait(
                _("You can try again after %(time)s.")
                % {"time": timezone.localtime(until).strftime("%Y-%m-%d %H:%M")},
                until,
            )


def _course_key(assessment: Assessment):
    if assessment.kind == AssessmentKind.EXAM:
        return assessment.page_key
    return assessment.lesson.course_key


@transaction.atomic
def start_attempt(*, user, assessment: Assessment) -> Attempt:
    """Start an attempt, or return the one in progress; draw and store its questions.

    Locks the learner's row first, so concurrent starts are serialised and can
    never exceed the number of attempts allowed.
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    current = (
        Attempt.objects.filter(
            user=user, assessment=assessment, status=Attempt.Status.IN_PROGRESS
        )
        .order_by("-number")
        .first()
    )
    if current is not None:
        if not current.is_past_deadline():
            return current
        grade_attempt(attempt=current)
    check_can_start(user=user, assessment=assessment)
    now = timezone.now()
    number = Attempt.objects.filter(user=user, assessment=assessment).count() + 1
    attempt = Attempt.objects.create(
        assessment=assessment,
        user=user,
        number=number,
        started_at=now,
        deadline=now + timedelta(minutes=assessment.time_limit_minutes)
        if assessment.time_limit_minutes
        else None,
    )
    _draw(attempt, assessment)
    _record(attempt, [_statement(attempt, v.ATTEMPTED, assessment_object(assessment))])
    return attempt


def _draw(attempt: Attempt, assessment: Assessment) -> None:
    chosen = [
        link.question
        for link in assessment.fixed_questions.select_related(
            "question__current_version"
        )
    ]
    taken = {question.pk for question in chosen}
    for rule in assessment.draw_rules.all():
        pool = Question.objects.filter(bank=rule.bank).exclude(pk__in=taken)
        if rule.difficulty:
            pool = pool.filter(difficulty=rule.difficulty)
        if rule.topic:
            pool = pool.filter(topic=rule.topic)
        pool = list(pool.select_related("current_version"))
        picked = _random.sample(pool, min(rule.count, len(pool)))
        chosen += picked
        taken.update(question.pk for question in picked)
    if assessment.shuffle_questions:
        _random.shuffle(chosen)
    AttemptQuestion.objects.bulk_create(
        [
            _item(attempt, position, question, assessment.shuffle_choices)
            for position, question in enumerate(chosen, start=1)
        ]
    )


def _item(attempt, position, question, shuffle_choices) -> AttemptQuestion:
    version = question.current_version or question.snapshot()
    ids = grading.choice_ids(version.content)
    kind = version.content["type"]
    if kind == grading.ORDERING or (
        shuffle_choices and kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE)
    ):
        ids = _shuffled(ids, keep_apart=kind == grading.ORDERING)
    return AttemptQuestion(
        attempt=attempt, position=position, version=version, choice_order=ids
    )


def _shuffled(ids: list[str], *, keep_apart: bool) -> list[str]:
    shuffled = ids[:]
    for _round in range(10):
        _random.shuffle(shuffled)
        # Items to put in order are never shown already in order.
        if not keep_apart or shuffled != ids or len(ids) < 2:
            break
    return shuffled


def save_answers(*, attempt: Attempt, answers: dict) -> int:
    """Save answers by question position; return how many were saved.

    Raises ``InvalidAnswer`` (nothing saved) for a position or choice not in
    the attempt, and ``AttemptClosed`` once the attempt is graded or its time
    is up; an attempt past its deadline is graded then (and stays graded),
    with what was saved before it.
    """
    if not answers:
        return 0
    saved = _save_answers(attempt, answers)
    if saved is None:
        raise AttemptClosed(
            _("Time is up: the attempt was graded with the answers saved in time.")
        )
    return saved


@transaction.atomic
def _save_answers(attempt: Attempt, answers: dict) -> int | None:
    attempt = _locked(attempt.pk)
    if attempt.is_graded:
        raise AttemptClosed(_("This attempt has been submitted."))
    if attempt.is_past_deadline():
        grade_attempt(attempt=attempt)
        return None
    items = {item.position: item for item in attempt.items.select_related("version")}
    changed = []
    now = timezone.now()
    for position, response in answers.items():
        item = items.get(_position(position))
        if item is None:
            raise InvalidAnswer(_("The answer names a question not in this attempt."))
        try:
            item.response = (
                None
                if response is None
                else grading.validate_response(item.version.content, response)
            )
        except grading.InvalidResponse as error:
            raise InvalidAnswer(str(error)) from error
        item.answered_at = now
        changed.append(item)
    AttemptQuestion.objects.bulk_update(changed, ["response", "answered_at"])
    return len(changed)


def _position(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def submit_attempt(*, attempt: Attempt) -> Attempt:
    """Grade the attempt (once: submitting again returns the graded attempt)."""
    attempt = _locked(attempt.pk)
    if not attempt.is_graded:
        grade_attempt(attempt=attempt)
    return attempt


def _locked(pk: int) -> Attempt:
    """Return the attempt, its row locked (not its assessment's or learner's)."""
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("assessment", "user")
        .get(pk=pk)
    )


def grade_attempt(*, attempt: Attempt) -> Attempt:
    """Grade a locked, ungraded attempt with its saved answers and record the result."""
    items = list(attempt.items.select_related("version"))
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
    assessment = attempt.assessment
    now = timezone.now()
    attempt.score, attempt.max_score = total, Decimal(len(items))
    attempt.percent = grading.percent(total, attempt.max_score)
    attempt.passed = attempt.percent >= assessment.pass_mark
    attempt.status = Attempt.Status.GRADED
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
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
    _record(attempt, _result_statements(attempt, assessment, items))
    if attempt.passed and assessment.kind == AssessmentKind.EXAM:
        courses.recheck_completion(
            user_id=attempt.user_id,
            course_key=assessment.page_key,
            when=attempt.submitted_at,
        )
    return attempt


def _result_statements(attempt, assessment, items) -> list[dict]:
    found = []
    for item in items:
        if item.response is None:
            continue
        content = item.version.content
        statement = _statement(
            attempt,
            v.ANSWERED,
            built.question_activity(item.version.activity_id, content),
            parent=assessment_object(assessment),
        )
        statement["result"] = {
            "response": built.response_text(content, item.response),
            "success": bool(item.correct),
        }
        found.append(statement)
    outcome = _statement(
        attempt, v.PASSED if attempt.passed else v.FAILED, assessment_object(assessment)
    )
    outcome["result"] = {
        "score": built.score(attempt.score, attempt.max_score),
        "success": bool(attempt.passed),
        "completion": True,
    }
    completed = _statement(attempt, v.COMPLETED, assessment_object(assessment))
    completed["result"] = {"completion": True}
    return [*found, outcome, completed]


def assessment_object(assessment: Assessment) -> dict:
    names = {"zh-hans": assessment.title, "en": assessment.title_en}
    return {
        "objectType": "Activity",
        "id": assessment.activity_id,
        "definition": {
            "type": v.ASSESSMENT,
            "name": built.language_map(names),
        },
    }


def _statement(attempt, verb, target, parent=None) -> dict:
    context = {
        "registration": str(attempt.registration),
        "platform": v.PLATFORM,
    }
    if parent is not None:
        context["contextActivities"] = {"parent": [parent]}
    return {
        "actor": agent_for(attempt.user),
        "verb": v.verb(verb),
        "object": target,
        "context": context,
        "timestamp": format_time(timezone.now()),
    }


def _record(attempt, statements: list[dict]) -> None:
    record_statements(statements)


def grade_expired_attempts(now=None) -> int:
    """Grade every attempt whose deadline has passed (for a periodic task)."""
    now = now or timezone.now()
    count = 0
    for pk in Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS, deadline__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            attempt = _locked(pk)
            if not attempt.is_graded:
                grade_attempt(attempt=attempt)
                count += 1
    return count


@transaction.atomic
def grant_attempt(
    *, assessment: Assessment, user, granted_by, reason: str
) -> AttemptGrant:
    """Give ``user`` one more attempt, recording who granted it and why."""
    if not reason.strip():
        raise ValueError("A reason is required.")
    return AttemptGrant.objects.create(
        assessment=assessment, user=user, granted_by=granted_by, reason=reason.strip()
    )


def exam_passed(*, user_id, course_key) -> bool:
    """The course rule's exam part: true when the course has no exam, or it is passed."""
    exams = Assessment.objects.filter(kind=AssessmentKind.EXAM, page_key=course_key)
    if not exams.exists():
        return True
    return Attempt.objects.filter(
        user_id=user_id, assessment__in=exams, passed=True
    ).exists()


def feedback_due(*, attempt: Attempt) -> bool:
    """Return whether explanations and correct answers may be shown for ``attempt``."""
    from .models import FeedbackPolicy

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
    from .models import ScorePolicy

    graded = Attempt.objects.filter(
        user=user, assessment=assessment, status=Attempt.Status.GRADED
    )
    if assessment.score_policy == ScorePolicy.LAST:
        return graded.order_by("-number").first()
    return graded.order_by("-percent", "number").first()
