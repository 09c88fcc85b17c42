"""The credit rules and the year's totals, without a database."""

from decimal import Decimal as D

import pytest

from ledger import rules


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [
        (45, D("1")),
        (30, D("1")),
        (29, D("0.5")),
        (15, D("0.5")),
        (14, D("0.25")),
        (0, D("0")),
    ],
)
def test_length_tiers_follow_the_yunnan_academy(minutes, hours):
    credit = rules.online_credit(
        rule=rules.LENGTH_TIERS, course_hours=None, minutes=minutes
    )
    assert credit.hours == hours
    assert credit.rule["rule"] == "length_tiers" and credit.rule["minutes"] == minutes


def test_class_hour_rule_counts_45_minute_hours_in_halves():
    credit = rules.online_credit(rule=rules.CLASS_HOUR, course_hours=None, minutes=100)
    assert credit.hours == D("2.0")
    assert credit.rule["minutes_per_hour"] == 45


def test_course_hours_rule_uses_the_authors_figure_and_a_passed_exam_adds_the_bonus():
    plain = rules.online_credit(
        rule=rules.COURSE_HOURS, course_hours=D("3"), minutes=20
    )
    bonus = rules.online_credit(
        rule=rules.COURSE_HOURS,
        course_hours=D("3"),
        minutes=20,
        exam_passed=True,
        exam_bonus=D("0.5"),
    )
    failed = rules.online_credit(
        rule=rules.LENGTH_TIERS,
        course_hours=None,
        minutes=20,
        exam_passed=False,
        exam_bonus=D("0.5"),
    )
    assert (plain.hours, bonus.hours, failed.hours) == (D("3"), D("3.5"), D("0.5"))
    assert bonus.rule["exam_bonus"] == "0.5" and "exam_bonus" not in failed.rule


def test_offline_days_convert_at_the_policy_rate_and_a_half_day_absence_counts_less():
    full = rules.offline_credit(hours=None, days=D("3"), day_hours=8)
    missed_half_day = rules.offline_credit(
        hours=None, days=D("3"), day_hours=8, missed=D("0.5")
    )
    assert full.hours == D("24")
    assert missed_half_day.hours == D("20")
    assert full.rule["day_hours"] == 8


def test_elective_cap_cuts_only_electives_and_carry_in_counts_as_elective():
    lines = [
        rules.Line(D("30"), "online", "required"),
        rules.Line(D("25"), "online", "elective"),
        rules.Line(D("10"), "external", "elective"),
    ]
    totals = rules.year_totals(lines, elective_cap=D("30"), carried_in=D("4"))
    assert totals.required == D("30")
    assert totals.elective == D("30") and totals.elective_capped == D("9")
    assert totals.total == D("60") and totals.online == D("55")


def test_a_reversing_line_subtracts():
    lines = [
        rules.Line(D("2"), "online", "elective"),
        rules.Line(D("-2"), "online", "elective"),
    ]
    assert rules.year_totals(lines).total == 0


def test_carry_over_and_shortfalls():
    target = rules.Target(total=D("50"), required=D("20"), online=D("50"))
    totals = rules.year_totals([rules.Line(D("56"), "offline", "elective")])
    assert rules.carry_over(totals, target) == D("6")
    assert rules.shortfalls(totals, target) == {
        "total": D("0"),
        "required": D("20"),
        "online": D("50"),
        "five_year": None,
    }


def test_rolling_total_spans_five_years():
    by_year = {2019: 999, 2020: 100, 2021: 110, 2022: 120, 2023: 105, 2024: 115}
    assert rules.rolling_total(by_year, 2024) == D("550")


def test_hours_are_shown_with_one_decimal_unless_a_quarter_needs_two():
    assert str(rules.shown(D("4.00"))) == "4.0"
    assert str(rules.shown(D("0.25"))) == "0.25"
    assert str(rules.shown(D("40"))) == "40.0"
