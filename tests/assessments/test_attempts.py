"""Attempts: draws, answers, the deadline, integrity, statements, versions, completion."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import services
from assessments.exceptions import (
    AttemptClosed,
    InvalidAnswer,
    MustWait,
    NoAttemptsLeft,
    NotAvailable,
)
from assessments.models import Attempt, AttemptQuestion, check_content
from courses import services as courses
from courses.models import Enrolment
from people.roles import TRAINER
from tests.factories.assessments import make_bank, make_exam, make_question, single
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory
from xapi import vocabulary as v
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="A1001").user


@pytest.fixture
def course(learner):
    course = make_course("信息安全操作规程", lessons=1)
    courses.start_course(user=learner, course=course)
    return course


def right_answers(attempt):
    answers = {}
    for item in attempt.items.select_related("version"):
        content = item.version.content
        answers[item.position] = next(
            c["id"] for c in content["choices"] if c["correct"]
        )
    return answers


def wrong_answers(attempt):
    answers = {}
    for item in attempt.items.select_related("version"):
        content = item.version.content
        answers[item.position] = next(
            c["id"] for c in content["choices"] if not c["correct"]
        )
    return answers


def test_an_attempt_draws_its_questions_once_and_keeps_them(learner, course):
    bank = make_bank(course=course, questions=30)
    exam = make_exam(course, bank, draw=10)
    first = services.start_attempt(user=learner, assessment=exam)
    drawn = list(first.items.values_list("version__question__key", flat=True))
    assert len(drawn) == len(set(drawn)) == 10
    # Starting again resumes the same attempt with the same questions.
    assert services.start_attempt(user=learner, assessment=exam) == first
    assert list(first.items.values_list("version__question__key", flat=True)) == drawn

    draws = {tuple(sorted(drawn))}
    for _ in range(3):
        services.submit_attempt(
            attempt=services.start_attempt(user=learner, assessment=exam)
        )
        latest = Attempt.objects.filter(user=learner).order_by("-number").first()
        draws.add(
            tuple(sorted(latest.items.values_list("version__question__key", flat=True)))
        )
    assert len(draws) > 1  # 30 choose 10: four equal draws would be a broken draw


def test_the_exam_needs_a_started_course(learner):
    course = make_course("未开始的课程", lessons=1)
    exam = make_exam(course, make_bank(course=course), draw=3)
    with pytest.raises(NotAvailable):
        services.start_attempt(user=learner, assessment=exam)


def test_answers_are_saved_and_graded_on_the_server(learner, course):
    bank = make_bank(course=course, questions=5)
    exam = make_exam(course, bank, draw=5)
    attempt = services.start_attempt(user=learner, assessment=exam)
    answers = right_answers(attempt)
    answers[1] = wrong_answers(attempt)[1]
    services.save_answers(attempt=attempt, answers=answers)
    graded = services.submit_attempt(attempt=attempt)
    assert graded.percent == 80 and graded.passed
    assert AttemptQuestion.objects.get(attempt=attempt, position=1).correct is False


@pytest.mark.parametrize(
    "answers", [{"99": "a"}, {"1": "z"}, {"1": ["a"]}, {"not a number": "a"}]
)
def test_an_answer_outside_the_attempt_is_rejected_and_nothing_saved(
    learner, course, answers
):
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    attempt = services.start_attempt(user=learner, assessment=exam)
    with pytest.raises(InvalidAnswer):
        services.save_answers(attempt=attempt, answers={"2": "a", **answers})
    assert not attempt.items.filter(response__isnull=False).exists()


def test_submitting_twice_grades_once(learner, course):
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=attempt, answers=right_answers(attempt))
    first = services.submit_attempt(attempt=attempt)
    second = services.submit_attempt(attempt=attempt)
    assert first.graded_at == second.graded_at
    assert Statement.objects.filter(verb_id=v.PASSED).count() == 1
    with pytest.raises(AttemptClosed):
        services.save_answers(attempt=attempt, answers={"1": "a"})


def test_past_the_deadline_only_answers_saved_in_time_count(learner, course):
    exam = make_exam(
        course, make_bank(course=course, questions=2), draw=2, time_limit_minutes=10
    )
    attempt = services.start_attempt(user=learner, assessment=exam)
    right = right_answers(attempt)
    services.save_answers(attempt=attempt, answers={1: right[1]})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(AttemptClosed):
        services.save_answers(attempt=attempt, answers={2: right[2]})
    attempt.refresh_from_db()
    assert attempt.is_graded  # graded without the learner submitting
    assert attempt.percent == 50
    assert attempt.submitted_at <= attempt.deadline


def test_expired_attempts_are_graded_by_the_sweep(learner, course):
    exam = make_exam(
        course, make_bank(course=course, questions=2), draw=2, time_limit_minutes=5
    )
    attempt = services.start_attempt(user=learner, assessment=exam)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())
    assert services.grade_expired_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.is_graded and attempt.percent == 0


def test_attempts_are_limited_spaced_and_reopened_with_a_reason(learner, course):
    trainer = StaffMemberFactory().user
    trainer.groups.add(Group.objects.get(name=TRAINER))
    exam = make_exam(
        course,
        make_bank(course=course, questions=2),
        draw=2,
        max_attempts=1,
        wait_minutes=0,
    )
    services.submit_attempt(
        attempt=services.start_attempt(user=learner, assessment=exam)
    )
    with pytest.raises(NoAttemptsLeft):
        services.start_attempt(user=learner, assessment=exam)
    services.grant_attempt(
        assessment=exam, user=learner, granted_by=trainer, reason="考试时断网"
    )
    services.submit_attempt(
        attempt=services.start_attempt(user=learner, assessment=exam)
    )
    assert Attempt.objects.filter(user=learner).count() == 2

    exam.max_attempts, exam.wait_minutes = None, 60
    exam.save()
    with pytest.raises(MustWait):
        services.start_attempt(user=learner, assessment=exam)


def test_the_statements_of_an_attempt(learner, course):
    bank = make_bank(course=course, questions=0)
    single(bank, "s1")
    make_question(bank, "tf", type="true_false", true_false_answer=True)
    make_question(bank, "fill", type="fill_in", accepted_answers="信息共享\nshare")
    make_question(
        bank,
        "order",
        type="ordering",
        choices=[("一", False), ("二", False), ("三", False)],
    )
    exam = make_exam(course, bank, draw=4, shuffle_questions=False)
    attempt = services.start_attempt(user=learner, assessment=exam)
    by_type = {
        item.version.content["type"]: item
        for item in attempt.items.select_related("version")
    }
    services.save_answers(
        attempt=attempt,
        answers={
            by_type["single_choice"].position: "a",
            by_type["true_false"].position: True,
            by_type["fill_in"].position: "ＳＨＡＲＥ",
            by_type["ordering"].position: ["a", "c", "b"],
        },
    )
    services.submit_attempt(attempt=attempt)

    statements = [row.data for row in Statement.objects.order_by("stored", "id")]
    mine = [
        s
        for s in statements
        if s["context"].get("registration") == str(attempt.registration)
    ]
    verbs = sorted(s["verb"]["id"] for s in mine)
    assert verbs == sorted(
        [v.ATTEMPTED, v.ANSWERED, v.ANSWERED, v.ANSWERED, v.ANSWERED]
        + [v.PASSED, v.COMPLETED]
    )
    answered = {
        s["object"]["definition"]["interactionType"]: s
        for s in mine
        if s["verb"]["id"] == v.ANSWERED
    }
    assert set(answered) == {"choice", "true-false", "fill-in", "sequencing"}
    assert answered["choice"]["object"]["definition"]["correctResponsesPattern"] == [
        "a"
    ]
    assert answered["sequencing"]["result"] == {
        "response": "a[,]c[,]b",
        "success": False,
    }
    assert answered["fill-in"]["result"]["success"] is True
    assert answered["true-false"]["result"]["response"] == "true"
    outcome = next(s for s in mine if s["verb"]["id"] == v.PASSED)["result"]
    assert outcome["score"] == {"scaled": 0.75, "raw": 3.0, "min": 0.0, "max": 4.0}


def test_editing_an_answered_question_makes_a_new_version(learner, course):
    bank = make_bank(course=course, questions=0)
    question = single(bank, "edit-me")
    first_version = question.current_version
    question.text = "修改前还没人作答"
    question.save()
    assert question.current_version == first_version  # unanswered: edited in place

    exam = make_exam(course, bank, fixed=[question])
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=attempt, answers={1: "a"})
    services.submit_attempt(attempt=attempt)

    question.text = "作答之后修改了题干"
    choice = question.choices.get(sort_order=0)
    choice.correct = False
    choice.save()
    other = question.choices.get(sort_order=1)
    other.correct = True
    other.save()
    question.save()
    assert question.current_version.number == 2
    item = attempt.items.get()
    assert item.version.number == 1
    assert item.version.content["text"]["zh-hans"] == "修改前还没人作答"
    assert item.correct is True  # graded on the version it was given


def test_passing_the_exam_completes_the_course_once(learner):
    course = make_course("必须考试的课程", lessons=1)
    courses.start_course(user=learner, course=course)
    exam = make_exam(course, make_bank(course=course, questions=5), draw=5)
    courses.complete_lesson(user=learner, lesson=course.lessons().first())
    enrolment = Enrolment.objects.get(user=learner)
    assert not enrolment.is_completed  # the exam is still to pass

    failed = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=failed, answers=wrong_answers(failed))
    services.submit_attempt(attempt=failed)
    enrolment.refresh_from_db()
    assert not enrolment.is_completed

    passed = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=passed, answers=right_answers(passed))
    services.submit_attempt(attempt=passed)
    enrolment.refresh_from_db()
    assert enrolment.is_completed
    assert enrolment.completed_at == Attempt.objects.get(pk=passed.pk).submitted_at

    again = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=again, answers=right_answers(again))
    services.submit_attempt(attempt=again)
    enrolment.refresh_from_db()
    assert enrolment.completed_at == Attempt.objects.get(pk=passed.pk).submitted_at
    course_completions = Statement.objects.filter(
        verb_id=v.COMPLETED, data__object__id=course.activity_id
    )
    assert course_completions.count() == 1


def test_a_package_statement_cannot_stand_in_for_the_exam(learner, client):
    from tests.xapi.conftest import LRS, basic
    from xapi.auth import create_client

    course = make_course("有考试的课程", lessons=1)
    courses.start_course(user=learner, course=course)
    make_exam(course, make_bank(course=course, questions=3), draw=3)
    credentials = create_client(name="package", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    for target in (course.lessons().first().activity_id, course.activity_id):
        lrs.post(
            "/xapi/statements",
            json.dumps(
                {
                    "actor": v.learner("A1001"),
                    "verb": {"id": v.PASSED},
                    "object": {"id": target},
                }
            ),
        )
    assert not Enrolment.objects.get(user=learner).is_completed


def ordering_exam(course, size: int):
    bank = make_bank(course=course, questions=0)
    items = [(f"第{n}步", False) for n in range(size)]
    question = make_question(bank, "order", type="ordering", choices=items)
    return make_exam(course, fixed=[question])


def test_items_to_order_are_never_shown_in_order(learner, course):
    exam = ordering_exam(course, 3)
    shown = set()
    for _ in range(40):
        attempt = services.start_attempt(user=learner, assessment=exam)
        shown.add(tuple(attempt.items.get().choice_order))
        services.submit_attempt(attempt=attempt)
    assert ("a", "b", "c") not in shown
    assert len(shown) == 5  # every other order comes up


def test_an_ordering_question_needs_three_items():
    # Two items never shown in order would give the order away.
    items = [{"id": cid, "text": {}, "correct": False} for cid in "ab"]
    with pytest.raises(ValidationError):
        check_content({"type": "ordering", "choices": items})
    check_content({"type": "ordering", "choices": [*items, {**items[0], "id": "c"}]})


def test_the_answering_service_takes_only_the_tokens_it_showed(learner, course):
    exam = make_exam(course, make_bank(course=course, questions=2), draw=2)
    attempt = services.start_attempt(user=learner, assessment=exam)
    items = list(attempt.items.select_related("version"))
    for item in items:
        tokens = [token for token, _cid in item.shown_choices()]
        assert len(set(tokens)) == 4 and not set(tokens) & set("abcd")
        assert sorted(item.choice_tokens.values()) == ["a", "b", "c", "d"]
    first, second = items
    for sent in ("a", second.shown_choices()[0][0], "", ["a"]):
        with pytest.raises(InvalidAnswer):
            services.save_shown_answers(attempt=attempt, answers={first.position: sent})
    assert not attempt.items.filter(response__isnull=False).exists()
    token, choice_id = first.shown_choices()[2]
    services.save_shown_answers(attempt=attempt, answers={first.position: token})
    first.refresh_from_db()
    assert first.response == choice_id and first.shown_response() == token


def test_the_migration_draws_tokens_for_attempts_in_progress(learner, course):
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "assessments.migrations.0002_attemptquestion_choice_tokens"
    )
    exam = make_exam(course, make_bank(course=course, questions=2), draw=2)
    graded = services.submit_attempt(
        attempt=services.start_attempt(user=learner, assessment=exam)
    )
    current = services.start_attempt(user=learner, assessment=exam)
    AttemptQuestion.objects.update(choice_tokens={})
    migration.draw_tokens_in_progress(apps, None)
    for item in current.items.all():
        assert sorted(item.choice_tokens.values()) == sorted(item.choice_order)
    assert not graded.items.exclude(choice_tokens={}).exists()
