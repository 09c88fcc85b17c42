"""The learner's main journey, in headless Chromium: dashboard to a completed course."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses import services
from courses.models import Enrolment
from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from tests.factories.courses import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assigned_course(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    course = make_course(
        "政务信息安全操作规程", lessons=2, kind="required", credit_hours=Decimal("3")
    )
    learner = StaffMember.objects.get(user__username="learner")
    services.create_assignment(
        created_by=None,
        due_date=timezone.localdate() + timedelta(days=7),
        course=course,
        staff=learner,
    )
    return course


def test_demo_learner_completes_a_required_course(page, live_server, assigned_course):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "learner")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(base + "/")

    required = page.locator("section[aria-labelledby=required-heading] li.soon")
    assert "政务信息安全操作规程" in required.inner_text()
    assert "即将到期" in required.inner_text()
    hours = page.locator("section.hours")
    assert "0 / 50" in hours.inner_text().replace("0.0", "0").replace("50.0", "50")

    required.locator("a.button").click()
    page.click("text=开始学习")
    page.wait_for_selector("h1 >> text=第1课")
    assert page.locator("progress").get_attribute("value") == "0"

    page.click("text=确认完成本课")
    page.wait_for_selector("h1 >> text=第2课")
    assert page.locator("progress").get_attribute("value") == "50"

    page.click("text=确认完成本课")
    page.wait_for_selector("text=课程已完成")
    assert "完成于" in page.locator("main").inner_text()

    page.click("header >> text=我的学习")
    page.wait_for_url(base + "/")
    completed = page.locator("section[aria-labelledby=completed-heading]")
    assert "政务信息安全操作规程" in completed.inner_text()
    assert page.locator("section.hours strong.figure").inner_text() == "3.0"
    assert page.locator("section.hours progress").get_attribute("value") == "6"
    enrolment = Enrolment.objects.get(course_key=assigned_course.translation_key)
    assert enrolment.is_completed
