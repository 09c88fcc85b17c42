"""Exam statistics: the maths on hand-made rows, real attempts, the workbook."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from assessments import services
from assessments.statistics import (
    AttemptItem,
    AttemptRow,
    HistogramBin,
    WrongChoice,
    compute,
    exam_statistics,
    statistics_workbook,
)
from courses import services as courses
from tests.factories.assessments import make_exam, make_question
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory


def choices(*texts, right=()):
    return [
        {"id": "abcd"[n], "text": {"zh-hans": t, "en": t}, "correct": n in right}
        for n, t in enumerate(texts)
    ]


SINGLE = {
    "type": "single_choice",
    "text": {"zh-hans": "单选题", "en": "Single"},
    "choices": choices("对的", "错一", "错二", right=(0,)),
}
MULTIPLE = {
    "type": "multiple_choice",
    "text": {"zh-hans": "多选题", "en": "Multiple"},
    "choices": choices("对一", "对二", "错一", "错二", right=(0, 1)),
}
TRUE_FALSE = {
    "type": "true_false",
    "text": {"zh-hans": "判断题", "en": "True or false"},
    "choices": [],
    "correct": True,
}
ORDERING = {
    "type": "ordering",
    "text": {"zh-hans": "排序题", "en": "Ordering"},
    "choices": choices("一", "二", "三"),
}


def attempt(percent, passed, single, multiple, true_false, ordering=None):
    """One attempt; each answer is (response, correct)."""
    items = [
        AttemptItem("q1", SINGLE, *single),
        AttemptItem("q2", MULTIPLE, *multiple),
        AttemptItem("q3", TRUE_FALSE, *true_false),
    ]
    if ordering is not None:
        items.append(AttemptItem("q4", ORDERING, *ordering))
    return AttemptRow(Decimal(percent), passed, items)


# Sorted by percent: the lower third is the 10 and 33.3 attempts, the upper
# third the 90 and 100 ones. q4 was drawn only in the middle third.
SIX = [
    attempt("100", True, ("a", True), (["a", "b"], True), (True, True)),
    attempt("90", True, ("a", True), (["a", "b", "c"], False), (True, True)),
    attempt(
        "66.7",
        True,
        ("b", False),
        (["a", "b"], True),
        (True, True),
        (["a", "b", "c"], True),
    ),
    attempt(
        "55", False, ("a", True), (["a", "d"], False), (False, False), (["b"], False)
    ),
    attempt("33.3", False, ("c", False), (["c"], False), (True, True)),
    attempt("10", False, ("b", False), (None, False), (None, False)),
]


def test_compute_on_known_answers():
    stats = compute(SIX)

    assert (stats.attempts, stats.passed) == (6, 3)
    assert stats.pass_rate == Decimal("0.50")
    assert stats.mean_percent == Decimal("59.2")
    assert [row.count for row in stats.histogram] == [0, 1, 0, 1, 0, 1, 1, 0, 0, 2]
    assert stats.histogram[9] == HistogramBin(90, 100, 2)
    assert stats.histogram[0].label == "0–10"

    q1, q2, q3, q4 = stats.questions
    assert (q1.question, q1.asked, q1.correct) == ("q1", 6, 3)
    assert (q1.facility, q1.discrimination) == (Decimal("0.50"), Decimal("1.00"))
    assert q1.wrong_choices == [
        WrongChoice("b", "错一", 2),
        WrongChoice("c", "错二", 1),
    ]
    assert (q2.facility, q2.discrimination) == (Decimal("0.33"), Decimal("0.50"))
    assert q2.wrong_choices == [
        WrongChoice("c", "错一", 2),
        WrongChoice("d", "错二", 1),
    ]
    assert (q3.facility, q3.discrimination) == (Decimal("0.67"), Decimal("0.50"))
    assert (q3.text, q3.wrong_choices) == ("判断题", [])
    assert (q4.asked, q4.facility, q4.discrimination) == (2, Decimal("0.50"), None)


def test_a_wrong_choice_nobody_picked_is_listed_with_zero():
    stats = compute(
        [attempt("100", True, ("a", True), (["a", "b"], True), (True, True))]
    )
    assert stats.questions[0].wrong_choices == [
        WrongChoice("b", "错一", 0),
        WrongChoice("c", "错二", 0),
    ]


def test_discrimination_needs_three_attempts():
    stats = compute(SIX[:2])
    assert [q.discrimination for q in stats.questions] == [None, None, None]
    assert stats.questions[0].facility == Decimal("1.00")


def test_no_attempts_give_empty_statistics():
    stats = compute([])
    assert (stats.attempts, stats.pass_rate, stats.mean_percent) == (0, None, None)
    assert [row.count for row in stats.histogram] == [0] * 10
    assert stats.questions == []


def test_the_workbook_has_three_sheets_and_escapes_formulae():
    rows = [*SIX]
    rows[0] = AttemptRow(
        Decimal("100"),
        True,
        [
            AttemptItem(
                "=cmd", {**SINGLE, "text": {"zh-hans": "=SUM(A1)", "en": ""}}, "a", True
            )
        ],
    )
    stats = compute(rows)
    with translation.override("en"):
        content = statistics_workbook(stats)

    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Summary", "Histogram", "Questions"]
    summary = {
        row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)
    }
    assert (summary["Attempts"], summary["Pass rate"]) == (6, 0.5)
    histogram = list(workbook["Histogram"].iter_rows(values_only=True))
    assert histogram[0] == ("Percent", "Attempts")
    assert histogram[10] == ("90–100", 2)
    questions = list(workbook["Questions"].iter_rows(values_only=True))
    assert questions[0][:3] == ("Question", "Type", "Text")
    escaped = next(row for row in questions if row[0] == "'=cmd")
    assert escaped[2] == "'=SUM(A1)"
    assert all(
        cell.data_type != "f"
        for row in workbook["Questions"].iter_rows()
        for cell in row
    )
    q1 = next(row for row in questions if row[0] == "q1")
    assert q1[1:] == (
        "Single choice",
        "单选题",
        5,
        2,
        0.4,
        1,
        "B. 错一 × 2; C. 错二 × 1",
    )


@pytest.mark.django_db
def test_exam_statistics_on_real_attempts_in_constant_queries(
    django_assert_num_queries,
):
    course = make_course("信息安全操作规程", lessons=1)
    bank_questions = [
        make_question(
            _bank(course),
            f"q{n}",
            choices=[("对", True), ("错甲", False), ("错乙", False)],
        )
        for n in range(1, 4)
    ]
    exam = make_exam(course, fixed=bank_questions, max_attempts=None)
    # Which questions each learner gets right; wrong answers pick choice b.
    plans = [("q1", "q2", "q3"), ("q1", "q2"), ("q1",), ()]
    for number, right in enumerate(plans):
        _take(exam, course, f"L{number}", right)

    with django_assert_num_queries(3):
        stats = exam_statistics(exam)

    assert (stats.attempts, stats.passed, stats.pass_rate) == (4, 2, Decimal("0.50"))
    assert stats.title == "结业考试"
    assert [row.count for row in stats.histogram] == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]
    by_key = {q.question: q for q in stats.questions}
    assert [by_key[k].facility for k in ("q1", "q2", "q3")] == [
        Decimal("0.75"),
        Decimal("0.50"),
        Decimal("0.25"),
    ]
    # Thirds of four attempts are one attempt each: 0 % and 100 %.
    assert {q.discrimination for q in stats.questions} == {Decimal("1.00")}
    assert by_key["q3"].wrong_choices == [
        WrongChoice("b", "错甲", 3),
        WrongChoice("c", "错乙", 0),
    ]

    # More attempts, and one in progress that does not count: same queries.
    _take(exam, course, "L9", ("q2",))
    learner = StaffMemberFactory(employee_id="L10").user
    courses.start_course(user=learner, course=course)
    services.start_attempt(user=learner, assessment=exam)
    with django_assert_num_queries(3):
        assert exam_statistics(exam).attempts == 5


def _bank(course):
    from assessments.models import QuestionBank

    return QuestionBank.objects.get_or_create(name="题库", course=course)[0]


def _take(exam, course, employee_id, right):
    learner = StaffMemberFactory(employee_id=employee_id).user
    courses.start_course(user=learner, course=course)
    attempt = services.start_attempt(user=learner, assessment=exam)
    answers = {
        item.position: "a" if item.version.question.key in right else "b"
        for item in attempt.items.select_related("version__question")
    }
    services.save_answers(attempt=attempt, answers=answers)
    return services.submit_attempt(attempt=attempt)
