"""Taking an exam through the site: integrity of what the browser sees and sends."""

import json
import re
import threading

import pytest
from django.db import connection
from django.test import Client

from assessments import services
from assessments.models import Attempt, AttemptQuestion
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


def shown_values(page: str) -> dict[str, list[str]]:
    """Return the values the page offers per field name, in the order shown."""
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="(q\d+)" value="([^"]*)"', page):
        found.setdefault(name, []).append(value)
    return found


def token_for(item: AttemptQuestion, *, correct: bool) -> str:
    """Return the token the page shows for a right (or a wrong) choice of ``item``."""
    right = {c["id"] for c in item.version.content["choices"] if c["correct"]}
    return next(t for t, cid in item.shown_choices() if (cid in right) is correct)


def tokens(attempt, *, correct: bool) -> dict[str, str]:
    return {
        f"q{item.position}": token_for(item, correct=correct)
        for item in attempt.items.select_related("version")
    }


def test_correct_answers_never_reach_the_browser_before_feedback(client, learner, exam):
    client.force_login(learner)
    response = client.post(f"/learning/assessments/{exam.pk}/start/")
    attempt = Attempt.objects.get(user=learner)
    assert response["Location"] == f"/learning/assessments/attempts/{attempt.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "正确答案0" in page  # the choices are shown...
    assert "correct" not in page.lower()  # ...but nothing says which is right
    assert "只在反馈时出现的解析" not in page

    client.post(response["Location"], {**tokens(attempt, correct=False), "submit": "1"})
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
    item = attempt.items.get(position=1)
    ok = client.post(
        url,
        json.dumps({"answers": {"1": item.shown_choices()[0][0]}}),
        content_type="application/json",
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
    token = attempt.items.get(position=2).shown_choices()[1][0]
    client.post(
        f"/learning/assessments/attempts/{attempt.pk}/", {"q2": token, "save": "1"}
    )
    page = client.get(f"/learning/assessments/attempts/{attempt.pk}/").content.decode()
    assert f'name="q2" value="{token}" checked' in page


def test_feedback_shows_after_passing(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    client.post(
        f"/learning/assessments/attempts/{attempt.pk}/",
        {**tokens(attempt, correct=True), "submit": "1"},
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


@pytest.fixture
def curriculum_like(learner):
    """An exam whose authored first choice is right and authored order is right."""
    course = make_course("作者顺序课程", lessons=1)
    courses.start_course(user=learner, course=course)
    bank = make_bank(course=course, questions=0)
    one = make_question(
        bank, "one", choices=[("对一", True), ("错一", False), ("错二", False)]
    )
    many = make_question(
        bank,
        "many",
        type="multiple_choice",
        choices=[("对甲", True), ("对乙", True), ("错丙", False)],
    )
    order = make_question(
        bank,
        "order",
        type="ordering",
        choices=[("第一步", False), ("第二步", False), ("第三步", False)],
    )
    return make_exam(
        course, fixed=[one, many, order], shuffle_questions=False, feedback="after_each"
    )


def test_the_page_shows_opaque_ids_drawn_per_attempt(client, learner, curriculum_like):
    client.force_login(learner)
    client.post(f"/learning/assessments/{curriculum_like.pk}/start/")
    first = Attempt.objects.get(user=learner)
    page = client.get(f"/learning/assessments/attempts/{first.pk}/").content.decode()
    offered = shown_values(page)
    assert set(offered) == {"q1", "q2"}  # the ordering question is ranked by field
    for values in offered.values():
        assert len(set(values)) == len(values) == 3
        assert all(re.fullmatch(r"[a-km-np-z2-9]{8}", value) for value in values)
    # The ordering question's items are shown, but not in the right order.
    steps = [page.index(step) for step in ("第一步", "第二步", "第三步")]
    assert steps != sorted(steps)
    assert "correct" not in page.lower()

    services.submit_attempt(attempt=first)
    second = services.start_attempt(user=learner, assessment=curriculum_like)
    again = shown_values(
        client.get(f"/learning/assessments/attempts/{second.pk}/").content.decode()
    )
    assert not set(again["q1"]) & set(offered["q1"])  # drawn afresh


def test_sending_authoring_ids_blind_is_refused_and_saves_nothing(
    client, learner, curriculum_like
):
    # The attack of issue 11: "a" is right everywhere and a, b, c is the order.
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=curriculum_like)
    base = f"/learning/assessments/attempts/{attempt.pk}/"
    blind = {"1": "a", "2": ["a", "b"], "3": ["a", "b", "c"]}
    for position, response in blind.items():
        sent = json.dumps({"answers": {position: response}})
        answer = client.post(base + "answers/", sent, content_type="application/json")
        assert answer.status_code == 400, position
    assert client.post(base, {"q1": "a", "save": "1"}).status_code == 400
    refused = client.post(base, {"q2-seen": "1", "q2": ["a", "b"], "save": "1"})
    assert refused.status_code == 400
    assert not attempt.items.filter(response__isnull=False).exists()
    client.post(base, {"submit": "1", "confirmed": "1"})
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_only_the_tokens_shown_for_that_question_are_taken(
    client, learner, curriculum_like
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=curriculum_like)
    items = {item.position: item for item in attempt.items.select_related("version")}
    url = f"/learning/assessments/attempts/{attempt.pk}/answers/"
    others = [token for token, _cid in items[2].shown_choices()]
    for response in (others[0], [others[0]], {"token": others[0]}, 7):
        sent = json.dumps({"answers": {"1": response}})
        answer = client.post(url, sent, content_type="application/json")
        assert answer.status_code == 400
    assert not attempt.items.filter(response__isnull=False).exists()


def test_right_tokens_score_and_the_feedback_shows_the_right_answers(
    client, learner, curriculum_like
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=curriculum_like)
    items = {item.position: item for item in attempt.items.select_related("version")}
    token_of = {
        position: {cid: token for token, cid in item.shown_choices()}
        for position, item in items.items()
    }
    right = {
        "1": token_of[1]["a"],
        "2": [token_of[2]["b"], token_of[2]["a"]],
        "3": [token_of[3][cid] for cid in "abc"],
    }
    base = f"/learning/assessments/attempts/{attempt.pk}/"
    sent = client.post(
        base + "answers/",
        json.dumps({"answers": right}),
        content_type="application/json",
    )
    assert sent.json() == {"saved": 3}
    assert items[3].authored_response(right["3"]) == ["a", "b", "c"]
    client.post(base, {"submit": "1"})
    result = client.get(base + "result/").content.decode()
    assert "100.0%" in result
    assert "对一" in result and "对甲；对乙" in result
    assert "第一步 → 第二步 → 第三步" in result


def test_the_ordering_form_takes_the_items_in_the_order_sent(
    client, learner, curriculum_like
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=curriculum_like)
    item = attempt.items.get(position=3)
    token_of = {cid: token for token, cid in item.shown_choices()}
    base = f"/learning/assessments/attempts/{attempt.pk}/"
    order = [token_of[cid] for cid in "abc"]
    assert client.post(base, {"q3-order": order, "save": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.response == ["a", "b", "c"]


@pytest.mark.parametrize(
    "body", ["[" * 100000, '{"answers": ' + "[" * 100000, "{" * 50000, b"\xff\xfe"]
)
def test_hostile_json_gets_a_json_400(client, learner, exam, body):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    response = client.post(
        f"/learning/assessments/attempts/{attempt.pk}/answers/",
        body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_after_the_last_lesson_the_next_step_is_the_final_exam(client):
    # Issue 12: "continue" led back to lesson 1 once every lesson was done.
    from django.urls import reverse

    from tests.factories.courses import make_course
    from tests.factories.people import StaffMemberFactory

    learner = StaffMemberFactory(employee_id="N1001").user
    course = make_course("下一步课程", lessons=2)
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    courses.start_course(user=learner, course=course)
    first, last = course.lessons()
    courses.complete_lesson(user=learner, lesson=first)
    client.force_login(learner)
    exam_url = reverse("assessments:assessment", args=[exam.pk])

    response = client.post(reverse("courses:complete", args=[last.pk]))
    assert response.status_code == 302 and response.url == exam_url
    assert exam_url in client.get(course.url).content.decode()
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert exam_url in dashboard
