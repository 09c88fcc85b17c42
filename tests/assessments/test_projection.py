"""A passed exam completes its course through its ``passed`` statement (the projector)."""

import json

import pytest

from assessments import services
from assessments.projection import complete_courses_of_passed_exams
from courses import services as courses
from courses.models import Enrolment
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory
from xapi import vocabulary as v
from xapi.models import Statement
from xapi.services import record_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="P1001").user


@pytest.fixture
def exam(learner):
    course = make_course("以考试结业的课程", lessons=1)
    courses.start_course(user=learner, course=course)
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    courses.complete_lesson(user=learner, lesson=course.lessons().first())
    assert not Enrolment.objects.get(user=learner).is_completed  # the exam is left
    return exam


def passed_statement(exam) -> dict:
    return {
        "actor": v.learner("P1001"),
        "verb": v.verb(v.PASSED),
        "object": {"objectType": "Activity", "id": exam.activity_id},
        "result": {"success": True, "completion": True},
    }


def pass_exam(learner, exam):
    attempt = services.start_attempt(user=learner, assessment=exam)
    answers = {
        item.position: next(
            c["id"] for c in item.version.content["choices"] if c["correct"]
        )
        for item in attempt.items.select_related("version")
    }
    services.save_answers(attempt=attempt, answers=answers)
    return services.submit_attempt(attempt=attempt)


def course_completions(exam) -> int:
    return Statement.objects.filter(
        verb_id=v.COMPLETED, data__object__id=exam.course.activity_id
    ).count()


def test_a_foreign_clients_passed_for_the_exam_completes_nothing(learner, exam, client):
    from tests.xapi.conftest import LRS, basic
    from xapi.auth import create_client

    credentials = create_client(name="elsewhere", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    response = lrs.post("/xapi/statements", json.dumps(passed_statement(exam)))
    assert response.status_code == 200
    assert not Enrolment.objects.get(user=learner).is_completed
    assert course_completions(exam) == 0


def test_the_platforms_graded_pass_completes_the_course(learner, exam):
    attempt = pass_exam(learner, exam)
    enrolment = Enrolment.objects.get(user=learner)
    assert attempt.passed and enrolment.is_completed
    assert enrolment.completed_at == attempt.submitted_at
    assert course_completions(exam) == 1


def test_recording_the_same_pass_twice_completes_once(learner, exam):
    attempt = pass_exam(learner, exam)
    stored = Statement.objects.get(verb_id=v.PASSED).data
    completed_at = Enrolment.objects.get(user=learner).completed_at
    again = {
        key: stored[key] for key in ("actor", "verb", "object", "result", "context")
    }
    record_statements([again])  # the same pass, as a new statement
    record_statements([{**again, "id": stored["id"]}])  # the very same statement
    assert Statement.objects.filter(verb_id=v.PASSED).count() == 2
    assert course_completions(exam) == 1
    assert Enrolment.objects.get(user=learner).completed_at == completed_at
    assert attempt.submitted_at == completed_at


def test_statements_that_are_not_passes_of_our_assessments_cost_no_query(
    exam, django_assert_num_queries
):
    ignored = [
        {**passed_statement(exam), "verb": v.verb(v.COMPLETED)},
        {**passed_statement(exam), "result": {"success": False}},
        {
            **passed_statement(exam),
            "object": {"id": exam.course.lessons().first().activity_id},
        },
        {**passed_statement(exam), "object": {"id": "https://example.org/exam/1"}},
    ]
    with django_assert_num_queries(0):
        complete_courses_of_passed_exams(ignored)
