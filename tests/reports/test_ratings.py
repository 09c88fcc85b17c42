"""The training rating's rule, without a database: each threshold and its reason."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from reports.ratings import EXCELLENT, FAIL, PASS, Thresholds, YearRecord, rate


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def record(**figures):
    base = {"total": D("50"), "target_total": D("50"), "required": D("20")}
    return YearRecord(**{**base, "target_required": D("20"), **figures})


def test_pass_at_the_target():
    assert rate(record(), Thresholds()) == (PASS, "Pass: study hours 50/50")


def test_excellent_needs_the_share_and_every_required_course_on_time():
    rules = Thresholds()
    assert rate(record(total=D("60"), assigned=2, on_time=2), rules)[0] == EXCELLENT
    assert rate(record(total=D("60"), assigned=2, on_time=1), rules)[0] == PASS
    lenient = Thresholds(excellent_needs_on_time=False)
    assert rate(record(total=D("60"), assigned=2, on_time=1), lenient)[0] == EXCELLENT


def test_excellent_may_need_an_exam_score():
    rules = Thresholds(excellent_min_score=85)
    assert rate(record(total=D("60"), average_score=D("80")), rules)[0] == PASS
    assert rate(record(total=D("60"), average_score=D("90")), rules)[0] == EXCELLENT


def test_fail_below_the_required_bucket_says_so():
    assert rate(record(required=D("32"), target_required=D("56")), Thresholds()) == (
        FAIL,
        "Fail: required study hours 32/56",
    )
    off = Thresholds(fail_below_required=False)
    assert rate(record(required=D("0")), off)[0] == PASS


def test_fail_with_an_overdue_course_unless_switched_off():
    assert rate(record(overdue=2), Thresholds()) == (
        FAIL,
        "Fail: overdue required courses: 2",
    )
    assert rate(record(overdue=2), Thresholds(fail_on_overdue=False))[0] == PASS


def test_pass_share_below_one_hundred():
    rules = Thresholds(pass_share=80)
    assert rate(record(total=D("40.5")), rules) == (PASS, "Pass: study hours 40.5/50")
    assert rate(record(total=D("39")), rules)[0] == FAIL
