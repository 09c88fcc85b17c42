"""A hand-built training year, with its right answers written out.

王小明 (一级科员, rank 2) in 2025, under a policy of length tiers, 8 学时 a
day, an elective cap of 20 and carry-over from 2024:

- online: 依法行政 40 min (required) → 1; 数字政府 20 min → 0.5, later
  reversed; 保密常识 10 min → 0.25;
- offline: a 3-day required class, half a day missed → 2.5 × 8 = 20;
  a 12-hour class he was absent from → nothing;
- external: a 16-hour claim approved → 16; an 8-hour claim rejected → nothing;
- carried from 2024: 100 学时 against a target of 90 → 10 elective.

Required 1 + 20 = 21. Elective 10 + 0.25 + 16 = 26.25, capped at 20 (6.25
cut). Total 41; online 1 + 0.25 = 1.25 against a minimum of 50.
"""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from ledger import services
from ledger.exceptions import AlreadyReversed, OutOfScope
from ledger.models import (
    AppendOnlyError,
    ExternalClaim,
    OfflineClass,
    PolicyTarget,
    StudyHourEntry,
    StudyPolicy,
    YearFigures,
)
from ledger.selectors import year_summary
from people.models import Grade

from .conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _credit(staff, course, when):
    return services.credit_online_completion(
        user_id=staff.user_id, course_key=course.translation_key, completed_at=when
    )


def _claim(staff, hours, title):
    return services.submit_claim(
        user=staff.user,
        title=title,
        organiser="省委党校",
        finished_on=at(2025, 6, 1).date(),
        hours=D(hours),
        evidence=SimpleUploadedFile("proof.pdf", PDF, "application/pdf"),
    )


def _class(department, title, **length):
    return OfflineClass.objects.create(
        title=title,
        organiser="市委组织部",
        department=department,
        starts_on=at(2025, 4, 1).date(),
        ends_on=at(2025, 4, 3).date(),
        **length,
    )


def _build_2025(staff, hr_in, courses, departments):
    last_year = StudyPolicy.objects.create(year=2024)
    PolicyTarget.objects.create(policy=last_year, total=D("90"))
    StudyHourEntry.objects.create(
        user=staff.user,
        year=2024,
        hours=D("100"),
        source="offline",
        title="2024 脱产培训",
        credited_on=at(2024, 5, 1).date(),
    )
    _credit(staff, courses["long"], at(2025, 3, 1))
    mid = _credit(staff, courses["mid"], at(2025, 3, 2))
    _credit(staff, courses["short"], at(2025, 3, 3))
    services.reverse_entry(entry=mid, reason="credited in error", when=at(2025, 3, 9))
    three_days = _class(departments[0], "处级干部培训班", days=D("3"))
    services.record_attendance(
        actor=hr_in, offline_class=three_days, staff=staff, missed=D("0.5")
    )
    twelve_hours = _class(departments[0], "业务培训", hours=D("12"), bucket="elective")
    services.record_attendance(
        actor=hr_in, offline_class=twelve_hours, staff=staff, missed=D("12")
    )
    approved, rejected = _claim(staff, "16", "外部培训"), _claim(staff, "8", "讲座")
    services.decide_claim(actor=hr_in, claim=approved, approve=True)
    services.decide_claim(
        actor=hr_in, claim=rejected, approve=False, reason="无结业证明"
    )


def test_the_hand_built_year_adds_up(staff, hr_in, courses, departments, policy_2025):
    _build_2025(staff, hr_in, courses, departments)

    summary = year_summary(staff.user, 2025)

    hours = sorted((e.source, e.hours) for e in summary.entries)
    assert hours == [
        ("external", D("16")),
        ("offline", D("20")),
        ("online", D("-0.5")),
        ("online", D("0.25")),
        ("online", D("0.5")),
        ("online", D("1")),
    ]
    totals = summary.totals
    assert totals.carried_in == D("10")
    assert totals.required == D("21")
    assert totals.elective == D("20") and totals.elective_capped == D("6.25")
    assert totals.total == D("41") and totals.online == D("1.25")
    assert summary.target.total == D("90") and summary.target.five_year is None
    assert summary.lacking["total"] == D("49")
    assert summary.lacking["required"] == D("9")
    assert summary.lacking["online"] == D("48.75")


def test_each_entry_says_which_rule_made_it(
    staff, hr_in, courses, departments, policy_2025
):
    _build_2025(staff, hr_in, courses, departments)
    rules = {
        e.title: e.rule for e in StudyHourEntry.objects.filter(year=2025, reverses=None)
    }
    assert (
        rules["数字政府"]["rule"] == "length_tiers"
        and rules["数字政府"]["minutes"] == 20
    )
    assert rules["处级干部培训班"] == {
        "kind": "offline",
        "rule": "days",
        "days": "3",
        "day_hours": 8,
        "missed": "0.5",
        "hours": "20.0",
        "policy_year": 2025,
    }
    assert rules["外部培训"]["kind"] == "external"
    assert "讲座" not in rules
    rejected = ExternalClaim.objects.get(title="讲座")
    assert rejected.status == "rejected" and rejected.reason == "无结业证明"


def test_a_passed_exam_bonus_is_added_only_when_the_exam_was_passed(
    staff, courses, policy_2025
):
    entry = _credit(staff, courses["long"], at(2025, 3, 1))
    assert entry.hours == D("1") and "exam_bonus" not in entry.rule


@pytest.mark.parametrize(
    ("rule", "hours"),
    [("course_hours", D("3")), ("length_tiers", D("1")), ("class_hour", D("1"))],
)
def test_online_completions_under_each_credit_rule(staff, rule, hours):
    from tests.factories.courses import make_course

    StudyPolicy.objects.create(year=2025, online_rule=rule)
    course = make_course(
        "行政许可", lessons=1, credit_hours=D("3"), estimated_minutes=50
    )
    entry = _credit(staff, course, at(2025, 5, 1))
    assert entry.hours == hours and entry.rule["rule"] == rule


def test_a_completion_credits_once(staff, courses, policy_2025):
    first = _credit(staff, courses["long"], at(2025, 3, 1))
    again = _credit(staff, courses["long"], at(2025, 3, 1))
    assert first is not None and again is None
    assert StudyHourEntry.objects.filter(user=staff.user).count() == 1


def test_entries_cannot_be_changed_or_deleted_only_reversed(
    staff, courses, policy_2025
):
    entry = _credit(staff, courses["long"], at(2025, 3, 1))
    entry.hours = D("5")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        StudyHourEntry.objects.filter(pk=entry.pk).update(hours=D("5"))
    reversal = services.reverse_entry(entry=entry, reason="error", when=at(2025, 4, 1))
    assert reversal.hours == D("-1") and reversal.reverses == entry
    with pytest.raises(AlreadyReversed):
        services.reverse_entry(entry=entry, reason="again")


def test_a_grade_change_mid_year_applies_the_grade_held_until_the_year_closes(
    staff, policy_2025
):
    # The roster keeps only the current grade: the open year uses it, and the
    # close freezes the target it gave, whatever the grade becomes later.
    assert year_summary(staff.user, 2025).target.total == D("90")
    staff.grade = Grade.objects.get(code="researcher-4")
    staff.save()
    promoted = year_summary(staff.user, 2025)
    assert promoted.target.total == D("110") and promoted.target.five_year == D("550")

    services.close_year(year=2025)
    staff.grade = Grade.objects.get(code="staff-1")
    staff.save()
    frozen = YearFigures.objects.get(close__year=2025, user=staff.user).figures
    assert frozen["target"]["total"] == "110.00"
    assert year_summary(staff.user, 2025).frozen["target"]["five_year"] == "550.00"


def test_the_five_year_total_spans_this_year_and_the_four_before(staff, policy_2025):
    staff.grade = Grade.objects.get(code="researcher-2")
    staff.save()
    for year, hours in {
        2020: 999,
        2021: 100,
        2022: 110,
        2023: 120,
        2024: 105,
        2025: 115,
    }.items():
        StudyHourEntry.objects.create(
            user=staff.user,
            year=year,
            hours=D(hours),
            source="offline",
            bucket="required",
            title=f"{year} 培训",
            credited_on=at(year, 6, 1).date(),
        )
    summary = year_summary(staff.user, 2025)
    assert summary.five_year_total == D("550")
    assert summary.lacking["five_year"] == D("0")


def test_a_closed_year_is_not_changed_by_a_late_entry(staff, courses, policy_2025):
    _credit(staff, courses["long"], at(2025, 3, 1))
    services.close_year(year=2025)
    before = YearFigures.objects.get(close__year=2025, user=staff.user).figures

    late = _credit(staff, courses["mid"], at(2025, 12, 20))

    assert late.year == 2026 and late.credited_on.year == 2025
    assert YearFigures.objects.get(close__year=2025, user=staff.user).figures == before
    assert before["totals"]["total"] == "1.00"
    assert year_summary(staff.user, 2025).frozen == before
    services.reopen_year(year=2025)
    assert _credit(staff, courses["short"], at(2025, 12, 21)).year == 2025
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"ledger.year_closed", "ledger.year_reopened"} <= actions


def test_hr_out_of_scope_can_neither_record_attendance_nor_decide_a_claim(
    staff, hr_out, departments, policy_2025
):
    offline = _class(departments[0], "处级干部培训班", days=D("1"))
    with pytest.raises(OutOfScope):
        services.record_attendance(actor=hr_out, offline_class=offline, staff=staff)
    claim = _claim(staff, "4", "外部培训")
    with pytest.raises(OutOfScope):
        services.decide_claim(actor=hr_out, claim=claim, approve=True)
    assert not StudyHourEntry.objects.exists()
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_a_completion_through_the_pipe_credits_by_this_years_policy(staff):
    from django.utils import timezone

    from courses import services as courses
    from tests.factories.courses import make_course

    StudyPolicy.objects.create(
        year=timezone.localdate().year, online_rule="length_tiers"
    )
    course = make_course(
        "网络安全", lessons=1, credit_hours=D("3"), estimated_minutes=25
    )
    courses.start_course(user=staff.user, course=course)
    courses.complete_lesson(user=staff.user, lesson=course.lessons().first())
    entry = StudyHourEntry.objects.get(user=staff.user)
    assert entry.hours == D("0.5") and entry.rule["rule"] == "length_tiers"
    assert entry.reference == str(course.translation_key)


def test_a_closed_years_policy_refuses_changes(policy_2025):
    from django.core.exceptions import ValidationError

    services.close_year(year=2025)
    policy_2025.elective_cap = D("99")
    with pytest.raises(ValidationError):
        policy_2025.full_clean()
    assert services.policy_for(2025).elective_cap == D("20")


def test_reversing_an_entry_of_a_closed_year_books_it_in_the_next_open_year(
    staff, courses, policy_2025
):
    entry = _credit(staff, courses["long"], at(2025, 3, 1))
    services.close_year(year=2025)
    reversal = services.reverse_entry(
        entry=entry, reason="error", when=at(2025, 12, 30)
    )
    assert reversal.year == 2026
    assert year_summary(staff.user, 2025).frozen["totals"]["total"] == "1.00"


def test_attendance_imports_from_xlsx_through_the_one_table_reader(
    staff, hr_in, departments, policy_2025
):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["employee_id", "missed"])
    book.active.append([staff.employee_id, 1])
    content = io.BytesIO()
    book.save(content)
    offline = _class(departments[0], "业务培训", hours=D("12"))
    count = services.import_attendance(
        actor=hr_in,
        offline_class=offline,
        content=content.getvalue(),
        filename="a.xlsx",
    )
    assert count == 1
    assert StudyHourEntry.objects.get().hours == D("11")


def test_a_theory_study_group_session_counts_as_other_recognised_study(
    staff, hr_in, departments, policy_2025
):
    session = _class(departments[0], "中心组学习", hours=D("4"), source="other")
    services.record_attendance(actor=hr_in, offline_class=session, staff=staff)
    summary = year_summary(staff.user, 2025)
    assert summary.totals.by_source == {"other": D("4")}
    assert summary.totals.required == D("4")


def test_deleting_an_account_removes_its_ledger_with_its_claims_and_attendance(
    staff, hr_in, courses, departments, policy_2025
):
    _build_2025(staff, hr_in, courses, departments)
    staff.user.delete()
    assert not StudyHourEntry.objects.filter(year=2025).exists()
    assert not ExternalClaim.objects.exists()
