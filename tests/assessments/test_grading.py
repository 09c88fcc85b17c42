"""Grading each question type, without a database."""

from decimal import Decimal

import pytest

from assessments import grading

CHOICES = [
    {"id": "a", "text": {}, "correct": True},
    {"id": "b", "text": {}, "correct": False},
    {"id": "c", "text": {}, "correct": True},
    {"id": "d", "text": {}, "correct": False},
]


def q(type, **content):
    return {"type": type, "choices": CHOICES, "answers": [], "correct": None, **content}


def test_single_choice():
    single = q("single_choice", choices=CHOICES[:2])
    assert grading.grade(single, "a").correct
    assert not grading.grade(single, "b").correct
    assert grading.grade(single, None).score == 0


@pytest.mark.parametrize(
    ("response", "all_or_nothing", "partial"),
    [
        (["a", "c"], "1", "1"),
        (["a"], "0", "0.50"),
        (["a", "b"], "0", "0.00"),
        (["a", "c", "b"], "0", "0.50"),
        (["b", "d"], "0", "0.00"),
    ],
)
def test_multiple_choice_all_or_nothing_or_partial(response, all_or_nothing, partial):
    strict = q("multiple_choice")
    lenient = q("multiple_choice", partial_credit=True)
    assert grading.grade(strict, response).score == Decimal(all_or_nothing)
    assert grading.grade(lenient, response).score == Decimal(partial)
    assert grading.grade(lenient, response).correct is (response == ["a", "c"])


def test_true_false():
    statement = q("true_false", choices=[], correct=False)
    assert grading.grade(statement, False).correct
    assert not grading.grade(statement, True).correct


@pytest.mark.parametrize(
    "typed", ["abc", "ＡＢＣ", "  Abc ", "ａｂｃ", "A  B C".replace(" ", "")]
)
def test_fill_in_folds_case_width_and_spaces(typed):
    blank = q("fill_in", choices=[], answers=["ABC", "信息共享"])
    assert grading.grade(blank, typed).correct


def test_fill_in_accepts_any_listed_answer_and_nothing_else():
    blank = q("fill_in", choices=[], answers=["信息共享", "share"])
    assert grading.grade(blank, " 信息共享 ").correct
    assert grading.grade(blank, "SHARE").correct
    assert not grading.grade(blank, "信息").correct


def test_ordering_is_all_or_nothing():
    order = q("ordering", choices=[{"id": x, "text": {}} for x in "abc"])
    assert grading.grade(order, ["a", "b", "c"]).correct
    assert not grading.grade(order, ["a", "c", "b"]).correct


@pytest.mark.parametrize(
    ("type", "response"),
    [
        ("single_choice", "z"),
        ("single_choice", ["a"]),
        ("multiple_choice", ["a", "z"]),
        ("multiple_choice", "a"),
        ("true_false", "true"),
        ("fill_in", 42),
        ("fill_in", "x" * 501),
        ("ordering", ["a", "b"]),
        ("ordering", ["a", "a", "b", "c"]),
    ],
)
def test_responses_that_do_not_fit_the_question_are_rejected(type, response):
    with pytest.raises(grading.InvalidResponse):
        grading.validate_response(q(type), response)


def test_percent_rounds_to_one_decimal():
    assert grading.percent(Decimal("2"), Decimal("3")) == Decimal("66.7")
    assert grading.percent(Decimal("0"), Decimal("0")) == Decimal("0")
