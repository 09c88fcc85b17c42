"""Issue 11, hole 5: blind strategies score at chance level, not full marks.

The bank is built the way the curriculum was: the authored first choice is
always right and the authored order is the right order. Before the fix, the
page showed the authoring ids and took them back, so "send ``a``" and "send
the ids sorted" scored full marks without reading a question. Each strategy
here plays 200 attempts drawn by the real service, sending only what the
attempt's page shows (``AttemptQuestion.shown_choices``, what the template
renders), read back as the answering service reads it; in turn, each
strategy's answers of an attempt are saved and graded by the services. Its
mean score must be within five standard deviations of its exact chance
expectation, far below full marks.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

import pytest

from assessments import grading, services
from courses import services as courses
from tests.factories.assessments import make_bank, make_exam, make_question
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db

ATTEMPTS = 200


@dataclass(frozen=True)
class Spec:
    type: str
    size: int  # choices, or items to order
    right: int = 0  # how many of the first choices are right
    partial_credit: bool = False


# 10 questions: the authored first choices right, the authored order right.
BANK = [
    *[Spec(grading.SINGLE_CHOICE, 4, 1)] * 4,
    *[Spec(grading.MULTIPLE_CHOICE, 4, 2, partial_credit=True)] * 2,
    Spec(grading.MULTIPLE_CHOICE, 3, 1),
    Spec(grading.ORDERING, 3),
    Spec(grading.ORDERING, 4),
    Spec(grading.ORDERING, 5),
]


def alphabetical(kind: str, tokens: list[str]):
    """Send the ids sorted, or the first of them ("always ``a``")."""
    ordered = sorted(tokens)
    return ordered if kind == grading.ORDERING else _one(kind, ordered[0])


def first_shown(kind: str, tokens: list[str]):
    """Take the first choice on the page; leave items in the order shown."""
    return tokens if kind == grading.ORDERING else _one(kind, tokens[0])


def all_options(kind: str, tokens: list[str]):
    """Tick every box; take the last choice; put items in the reverse order."""
    if kind == grading.MULTIPLE_CHOICE:
        return tokens
    return tokens[::-1] if kind == grading.ORDERING else tokens[-1]


def _one(kind: str, token: str):
    return [token] if kind == grading.MULTIPLE_CHOICE else token


def chance(strategy, spec: Spec) -> tuple[float, float]:
    """Return the exact mean and variance of one question's score under ``strategy``.

    Shown orders are uniform (ordering: uniform among the orders that are
    not the right one) and tokens are independent of them, so their sorted
    order is uniform among all orders.
    """
    n, r = spec.size, spec.right
    if spec.type == grading.ORDERING:
        p = {
            alphabetical: 1 / math.factorial(n),
            first_shown: 0.0,
            all_options: 1 / (math.factorial(n) - 1),
        }[strategy]
        return p, p * (1 - p)
    if spec.type == grading.MULTIPLE_CHOICE and strategy is all_options:
        # Every right choice earns its share, every wrong one takes one away.
        whole = float(r == n)
        return (max(r - (n - r), 0) / r if spec.partial_credit else whole), 0.0
    # One choice, uniformly at random among n.
    hit = 1 / r if spec.partial_credit else float(r == 1)
    p = r / n
    mean = p * hit
    return mean, p * hit * hit - mean * mean


@pytest.fixture
def exam():
    learner = StaffMemberFactory(employee_id="B1001").user
    course = make_course("盲猜课程", lessons=1)
    courses.start_course(user=learner, course=course)
    bank = make_bank(course=course, questions=0)
    for number, spec in enumerate(BANK):
        make_question(
            bank,
            f"q{number}",
            type=spec.type,
            partial_credit=spec.partial_credit,
            choices=[(f"{number}-{i}", i < spec.right) for i in range(spec.size)],
        )
    return learner, make_exam(course, bank, draw=len(BANK), pass_mark=100)


def test_blind_strategies_score_at_chance_level(exam):
    learner, exam = exam
    strategies = (alphabetical, first_shown, all_options)
    totals = {strategy: Decimal(0) for strategy in strategies}
    for number in range(ATTEMPTS):
        attempt = services.start_attempt(user=learner, assessment=exam)
        items = list(attempt.items.select_related("version"))
        scores = {strategy: _score(items, strategy) for strategy in strategies}
        for strategy, score in scores.items():
            totals[strategy] += score
        # In turn, each strategy's answers go through the answering and
        # grading services too, and score just the same there.
        played = strategies[number % len(strategies)]
        services.save_shown_answers(attempt=attempt, answers=_sent(items, played))
        assert services.submit_attempt(attempt=attempt).score == scores[played]

    for strategy in strategies:
        moments = [chance(strategy, spec) for spec in BANK]
        expected = sum(mean for mean, _var in moments)
        spread = math.sqrt(sum(var for _mean, var in moments) / ATTEMPTS)
        observed = float(totals[strategy]) / ATTEMPTS
        assert abs(observed - expected) <= 5 * spread + 1e-9, strategy.__name__
        # Chance is far from the 10 of 10 the ids used to give away.
        assert expected < 0.3 * len(BANK) and observed < 0.4 * len(BANK)


def _sent(items, strategy) -> dict:
    """Return what ``strategy`` sends: built from the tokens the page shows only."""
    return {
        item.position: strategy(item.kind, [t for t, _cid in item.shown_choices()])
        for item in items
    }


def _score(items, strategy) -> Decimal:
    """Return what ``strategy`` scores, read back as the answering service reads it."""
    total = Decimal(0)
    for item in items:
        sent = _sent([item], strategy)[item.position]
        response = grading.validate_response(
            item.version.content, item.authored_response(sent)
        )
        total += grading.grade(item.version.content, response).score
    return total


def test_the_expectations_are_those_of_chance():
    # Guards the arithmetic above against a slip that would widen the band.
    single = Spec(grading.SINGLE_CHOICE, 4, 1)
    assert chance(first_shown, single) == (0.25, 0.1875)
    assert chance(all_options, Spec(grading.MULTIPLE_CHOICE, 4, 2, True)) == (0, 0)
    assert chance(alphabetical, Spec(grading.MULTIPLE_CHOICE, 4, 2, True))[0] == 0.25
    assert chance(alphabetical, Spec(grading.ORDERING, 3))[0] == pytest.approx(1 / 6)
    assert chance(all_options, Spec(grading.ORDERING, 3))[0] == pytest.approx(1 / 5)
