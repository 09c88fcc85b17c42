"""Attempts: starting one (drawing its questions), saving answers, submitting.

An attempt past its deadline is graded by the next write that touches it
(start, save, submit) or by ``grade_expired_attempts``, which the Celery beat
schedule runs every minute (``assessments.tasks``); reading never grades.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrolment
from xapi.services import record_statements

from .. import grading, shown
from ..exceptions import (
    AttemptClosed,
    InvalidAnswer,
    MustWait,
    NoAttemptsLeft,
    NotAvailable,
)
from ..models import Assessment, AssessmentKind, Attempt, AttemptQuestion, Question
from .grants import attempts_allowed
from .recording import attempted_statement, grade_attempt

_random = random.SystemRandom()


def check_can_start(*, user, assessment: Assessment, now=None) -> None:
    """Raise why ``user`` cannot start an attempt now (nothing when they can)."""
    now = now or timezone.now()
    if not assessment.is_open(now):
        raise NotAvailable(_("This assessment is not open now."))
    if not Enrolment.objects.started(
        user=user, course_key=_course_key(assessment)
    ).exists():
        raise NotAvailable(_("Start the course before taking its assessments."))
    done = _counted_attempts(user, assessment)
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


def attempts_left(*, user, assessment: Assessment) -> int | None:
    """Return how many more attempts ``user`` may start (``None``: no limit).

    Counts as ``check_can_start`` does: a renewal cycle starts afresh.
    """
    allowed = attempts_allowed(user=user, assessment=assessment)
    if allowed is None:
        return None
    return max(allowed - _counted_attempts(user, assessment).count(), 0)


def _counted_attempts(user, assessment: Assessment):
    done = Attempt.objects.filter(user=user, assessment=assessment)
    cycle = Enrolment.objects.cycle_start(user=user, course_key=_course_key(assessment))
    if cycle is not None:
        # A learner renewing a certificate has the attempts of a new cycle.
        done = done.filter(started_at__gte=cycle)
    return done


def _course_key(assessment: Assessment):
    if assessment.kind == AssessmentKind.EXAM:
        return assessment.page_key
    return assessment.lesson.course_key


@transaction.atomic
def start_attempt(*, user, assessment: Assessment, now=None) -> Attempt:
    """Start an attempt, or return the one in progress; draw and store its questions.

    Locks the learner's row first, so concurrent starts are serialised and can
    never exceed the number of attempts allowed. ``now`` is when it happens
    (the demo records history with its dates).
    """
    now = now or timezone.now()
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    current = (
        Attempt.objects.filter(
            user=user, assessment=assessment, status=Attempt.Status.IN_PROGRESS
        )
        .order_by("-number")
        .first()
    )
    if current is not None:
        if not current.is_past_deadline(now):
            return current
        grade_attempt(attempt=current, now=now)
    check_can_start(user=user, assessment=assessment, now=now)
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
    record_statements([attempted_statement(attempt=attempt)])
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
        attempt=attempt,
        position=position,
        version=version,
        choice_order=ids,
        choice_tokens=shown.draw_tokens(ids),
    )


def _shuffled(ids: list[str], *, keep_apart: bool) -> list[str]:
    """Return ``ids`` in a uniformly random order; ``keep_apart``: never as given.

    Items to put in order are never shown already in order, except two: "not
    in order" would then give the order away, so they are shuffled freely
    (new ordering questions need three items, ``check_content``).
    """
    shuffled = ids[:]
    _random.shuffle(shuffled)
    while keep_apart and len(ids) > 2 and shuffled == ids:
        _random.shuffle(shuffled)
    return shuffled


def save_shown_answers(
    *, attempt: Attempt, answers: dict, flags: set[int] | None = None, now=None
) -> int:
    """Save answers as the learner sends them; return how many were saved.

    ``flags``, when given, is the set of positions the learner flagged for
    review: every question of the attempt is flagged or unflagged to match,
    in the same transaction as the answers.

    The learner's terms: choices are the tokens the attempt's page shows for
    that question (``AttemptQuestion.choice_tokens``), mapped back to
    authoring ids here. A token not shown for that question, an authoring id
    included, raises ``InvalidAnswer`` with nothing saved. Otherwise as
    ``save_answers``. Every answer from a learner's request comes this way.
    """
    return _save(attempt, answers, now, as_shown=True, flags=flags)


def save_answers(*, attempt: Attempt, answers: dict, now=None) -> int:
    """Save answers by question position, in authoring ids; return how many.

    For the platform's own callers that answer in the question's own terms
    (the demo, seeding, tests); never for what a learner sends, which goes
    through ``save_shown_answers``. Raises ``InvalidAnswer`` (nothing saved)
    for a position or choice not in the attempt, and ``AttemptClosed`` once
    the attempt is graded or its time is up; an attempt past its deadline is
    graded then (and stays graded), with what was saved before it.
    """
    return _save(attempt, answers, now, as_shown=False)


def _save(attempt: Attempt, answers: dict, now, *, as_shown: bool, flags=None) -> int:
    if not answers and flags is None:
        return 0
    saved = _save_answers(attempt, answers, now or timezone.now(), as_shown, flags)
    if saved is None:
        raise AttemptClosed(
            _("Time is up: the attempt was graded with the answers saved in time.")
        )
    return saved


@transaction.atomic
def _save_answers(
    attempt: Attempt, answers: dict, now, as_shown: bool, flags: set[int] | None
) -> int | None:
    attempt = _locked(attempt.pk)
    if attempt.is_graded:
        raise AttemptClosed(_("This attempt has been submitted."))
    if attempt.is_past_deadline(now):
        grade_attempt(attempt=attempt, now=now)
        return None
    items = {item.position: item for item in attempt.items.select_related("version")}
    changed = {}
    for position, response in answers.items():
        item = items.get(_position(position))
        if item is None:
            raise InvalidAnswer(_("The answer names a question not in this attempt."))
        item.response = _checked(item, response, as_shown)
        item.answered_at = now
        changed[item.position] = item
    for item in items.values() if flags is not None else ():
        if item.flagged != (item.position in flags):
            item.flagged = item.position in flags
            changed[item.position] = item
    AttemptQuestion.objects.bulk_update(
        changed.values(), ["response", "answered_at", "flagged"]
    )
    return len(answers)


def _checked(item: AttemptQuestion, response, as_shown: bool):
    try:
        if as_shown:
            response = item.authored_response(response)
        if response is None:
            return None
        return grading.validate_response(item.version.content, response)
    except grading.InvalidResponse as error:
        raise InvalidAnswer(str(error)) from error


def _position(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def submit_attempt(*, attempt: Attempt, now=None) -> Attempt:
    """Grade the attempt (once: submitting again returns the graded attempt)."""
    attempt = _locked(attempt.pk)
    if not attempt.is_graded:
        grade_attempt(attempt=attempt, now=now)
    return attempt


def _locked(pk: int) -> Attempt:
    """Return the attempt, its row locked (not its assessment's or learner's)."""
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("assessment", "user")
        .get(pk=pk)
    )


def grade_expired_attempts(now=None) -> int:
    """Grade every attempt whose deadline has passed; return how many were graded.

    Each attempt is graded in its own transaction under its row lock, so an
    attempt that a learner's request grades meanwhile is skipped, not graded
    twice. Run every minute by the beat schedule (``assessments.tasks``).
    """
    now = now or timezone.now()
    count = 0
    for pk in Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS, deadline__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            attempt = _locked(pk)
            if not attempt.is_graded:
                grade_attempt(attempt=attempt, now=now)
                count += 1
    return count
