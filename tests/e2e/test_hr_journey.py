"""The HR officer's whole chase in headless Chromium: overview, one department, the
overdue list, reminders to the overdue, and the XLSX that goes to the evaluation."""

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses import services
from people.demo import DEMO_PASSWORD
from people.models import Department, StaffMember
from people.services import ensure_department
from tests.e2e.accounts import sign_in
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.axe,
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "hr-journey"


@pytest.fixture
def overdue(reference_data):
    """Three people late with a required course: two in 西安市 (hr's), one in 宝鸡市."""
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    course = make_course(
        "政务信息安全操作规程", lessons=1, kind="required", credit_hours=Decimal("2")
    )
    late = [
        StaffMember.objects.get(user__username="learner"),
        StaffMemberFactory(
            employee_id="XA0002",
            name="李晓华",
            email="li@example.org",
            department=ensure_department(path="陕西省/西安市/西安市数据局"),
        ),
        StaffMemberFactory(
            employee_id="BJ0003",
            name="宝鸡某人",
            email="bj@example.org",
            department=ensure_department(path="陕西省/宝鸡市"),
        ),
    ]
    for person in late[1:]:
        # The roster copies a person's e-mail to their account; the factory does not.
        person.user.email = person.email
        person.user.save(update_fields=["email"])
    for person in late:
        services.create_assignment(
            created_by=None,
            due_date=timezone.localdate() - timedelta(days=10),
            course=course,
            staff=person,
        )
    mail.outbox.clear()
    return late


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_hr_filters_a_department_reminds_the_overdue_and_exports_them(
    overdue, tmp_path, live_server, page
):
    print(f"screenshots in {SHOTS}")
    sign_in(page, live_server.url, "hr", DEMO_PASSWORD)
    page.wait_for_url(live_server.url + "/")
    page.click("header details.menu >> nth=0 >> summary")
    page.click("header >> a[href='/reports/']")
    page.wait_for_url("**/reports/")
    _shot(page, "1-overview")
    assert "宝鸡" not in page.locator("main").inner_text()

    xian = Department.objects.get(name="西安市")
    page.select_option("select[name=department]", str(xian.pk))
    page.click("form.report-filters button[type=submit]")
    page.wait_for_url(f"**department={xian.pk}**")
    page.click("nav.report-tabs >> text=逾期必修培训")
    page.wait_for_url("**/reports/overdue/**")
    table = page.locator("main table").inner_text()
    assert "王*明" in table or "王小明" in table
    assert "宝鸡某人" not in table and "BJ0003" not in table
    _shot(page, "2-overdue")

    page.click("form.remind button[type=submit]")
    page.wait_for_url("**/reports/overdue/**")
    assert "已向2名逾期人员发送提醒" in page.locator("main").inner_text()
    reminded = {address for message in mail.outbox for address in message.to}
    learner, colleague, baoji = (person.user.email for person in overdue)
    assert reminded == {learner, colleague} and baoji not in reminded
    _shot(page, "3-reminded")

    with page.expect_download() as download:
        page.click("a[data-export=xlsx]")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    frame = pd.read_excel(path)
    assert sorted(frame["工号"]) == ["D***1", "X****2"]
    assert sorted(frame["姓名"]) == ["李*华", "王*明"]
    assert "宝鸡" not in frame.to_string()
