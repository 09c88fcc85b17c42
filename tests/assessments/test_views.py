"""Taking an exam through the site: integrity of what the browser sees and sends."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from assessments import services
from assessments.models import Attempt
from courses import services as courses
from tests.factories.assessments import make_bank, make_exam, make_question
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="V1001").user


@pytest.fixture
def exam(learner):
    course = make_course("考试课程", lessons=1)
    courses.start_course(user=learner, course=course)
    bank = make_bank(course=course, questions=0)
    for number in range(3):
        make_question(
            bank,
            f"q{number}",
            choices=[(f"正确答案{number}", True), (f"错误答案{number}", False)],
            explanation=f"只在反馈时出现的解析{number}",
        )
    return make_exam(course, bank, draw=3, feedback="after_passing")


def test_correct_answers_never_reach_the_browser_before_feedback(client, learner, exam):
    client.force_login(learner)
    response = client.post(f"/learning/assessments/{exam.pk}/start/")
    attempt = Attempt.objects.get(user=learner)
    assert response["Location"] == f"/learning/assessments/attempts/{attempt.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "正确答案0" in page  # the choices are shown...
    assert "correct" not in page.lower()  # ...but nothing says which is right
    assert "只在反馈时出现的解析" not in page

    wrong = {
        f"q{i.position}": next(
            c["id"] for c in i.version.content["choices"] if not c["correct"]
        )
        for i in attempt.items.select_related("version")
    }
    client.post(response["Location"], {**wrong, "submit": "1"})
    result = client.get(
        f"/learning/assessments/attempts/{attempt.pk}/result/"
    ).content.decode()
    assert "0.0%" in result
    assert "只在反馈时出现的解析" not in result  # feedback only after passing


def test_answers_naming_what_is_not_in_the_attempt_get_400(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    url = f"/learning/assessments/attempts/{attempt.pk}/answers/"
    for body in (
        {"answers": {"9": "a"}},
        {"answers": {"1": "zz"}},
        {"answers": []},
        {},
    ):
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 400
    response = client.post(
        f"/learning/assessments/attempts/{attempt.pk}/", {"q1": "zz", "save": "1"}
    )
    assert response.status_code == 400
    assert not attempt.items.filter(response__isnull=False).exists()
    ok = client.post(
        url, json.dumps({"answers": {"1": "a"}}), content_type="application/json"
    )
    assert ok.json() == {"saved": 1}


def test_one_learner_cannot_see_or_submit_anothers_attempt(client, learner, exam):
    attempt = services.start_attempt(user=learner, assessment=exam)
    other = StaffMemberFactory(employee_id="V1002").user
    client.force_login(other)
    base = f"/learning/assessments/attempts/{attempt.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base, {"q1": "a", "submit": "1"}).status_code == 404
    assert client.get(base + "result/").status_code == 404
    answers = client.post(base + "answers/", "{}", content_type="application/json")
    assert answers.status_code == 404
    attempt.refresh_from_db()
    assert not attempt.is_graded


def test_saved_answers_are_there_when_the_learner_comes_back(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    client.post(
        f"/learning/assessments/attempts/{attempt.pk}/", {"q2": "b", "save": "1"}
    )
    page = client.get(f"/learning/assessments/attempts/{attempt.pk}/").content.decode()
    assert 'name="q2" value="b" checked' in page


def test_feedback_shows_after_passing(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    right = {
        f"q{i.position}": next(
            c["id"] for c in i.version.content["choices"] if c["correct"]
        )
        for i in attempt.items.select_related("version")
    }
    client.post(
        f"/learning/assessments/attempts/{attempt.pk}/", {**right, "submit": "1"}
    )
    result = client.get(
        f"/learning/assessments/attempts/{attempt.pk}/result/"
    ).content.decode()
    assert "100.0%" in result and "只在反馈时出现的解析" in result


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_cannot_exceed_the_maximum(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent writers; SQLite serialises writes")
    learner = StaffMemberFactory(employee_id="V2001").user
    course = make_course("并发课程", lessons=1)
    courses.start_course(user=learner, course=course)
    exam = make_exam(
        course, make_bank(course=course, questions=3), draw=3, max_attempts=2
    )
    services.submit_attempt(
        attempt=services.start_attempt(user=learner, assessment=exam)
    )

    barrier = threading.Barrier(6)
    statuses = []

    def start():
        client = Client()
        client.force_login(learner)
        barrier.wait()
        response = client.post(f"/learning/assessments/{exam.pk}/start/")
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 6
    assert Attempt.objects.filter(user=learner, assessment=exam).count() == 2
