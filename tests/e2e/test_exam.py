"""The final exam in headless Chromium: fail once, pass, and the course is complete."""

import io

import pytest
from django.core.management import call_command

from courses import services as courses
from courses.models import Enrolment
from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from tests.factories.assessments import make_bank, make_exam, make_question
from tests.factories.courses import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exam_course(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    learner = StaffMember.objects.get(user__username="learner").user
    course = make_course("涉密信息处理规范", lessons=1)
    courses.start_course(user=learner, course=course)
    courses.complete_lesson(user=learner, lesson=course.lessons().first())
    bank = make_bank(course=course, questions=0)
    for number in range(1, 4):
        make_question(
            bank,
            f"q{number}",
            choices=[(f"正确做法{number}", True), (f"错误做法{number}", False)],
        )
    make_exam(course, bank, draw=3, max_attempts=3)
    return course


def answer_all(page, prefix):
    for number in range(1, 4):
        page.get_by_label(f"{prefix}{number}").check()


def test_learner_fails_the_exam_once_then_passes_and_completes(
    page, live_server, exam_course
):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "learner")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(base + "/")

    page.goto(base + exam_course.url)
    page.click("text=结业考试：结业考试")
    page.click("text=开始作答")
    # The browser gets opaque tokens for the choices, never a or b.
    values = page.locator("input[type=radio]").evaluate_all(
        "els => els.map(e => e.value)"
    )
    assert len(values) == 6 and all(len(value) == 8 for value in values)
    answer_all(page, "错误做法")
    page.click("text=交卷")
    page.wait_for_selector("text=未通过")
    assert "0.0%" in page.locator("main").inner_text()

    page.click("text=返回")
    page.click("text=开始作答")
    answer_all(page, "正确做法")
    page.click("text=交卷")
    page.wait_for_selector(".result.passed")
    assert "100.0%" in page.locator("main").inner_text()

    page.goto(base + exam_course.url)
    assert "完成于" in page.locator("main").inner_text()
    learner = StaffMember.objects.get(user__username="learner").user
    assert Enrolment.objects.get(user=learner).is_completed
