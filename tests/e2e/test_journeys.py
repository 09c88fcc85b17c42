"""The first journeys through the site, in headless Chromium."""

import io

import pytest
from django.core.management import call_command

from courses.setup import ensure_site_structure
from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from tests.e2e.accounts import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.axe,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())


def _log_in(page, base, username):
    sign_in(page, base, username, DEMO_PASSWORD)


def test_home_is_chinese_with_an_english_switch(page, live_server, demo):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "公务员在线培训平台" in page.locator("h1").inner_text()
    page.click("button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert "Civil Service Online Training" in page.locator("h1").inner_text()


def test_demo_admin_logs_in_and_reaches_the_wagtail_admin(page, live_server, demo):
    ensure_site_structure()  # the review workflow, as migrate makes it
    _log_in(page, live_server.url, "admin")
    page.wait_for_url(live_server.url + "/")
    assert "赵刚" in page.locator("h1").inner_text()
    page.click('summary:has-text("管理")')
    page.click("header >> text=后台管理")
    page.wait_for_url("**/admin/")
    assert "/admin/login" not in page.url
    # The dashboard greets the administrator by name.
    assert "赵刚" in page.locator("main").inner_text()
    # The review workflow, by its name in the reader's language (axe checks the list).
    page.goto(live_server.url + "/admin/workflows/list/")
    assert "课程审核" in page.locator("main").inner_text()


def test_hr_officer_previews_and_imports_a_roster(page, live_server, demo, tmp_path):
    roster = tmp_path / "名单.csv"
    roster.write_bytes(
        "工号,姓名,部门,职务,职级,邮箱,在职\n"
        "E9001,孙悦,陕西省/西安市/雁塔区/雁塔区政务服务中心,科员,一级科员,,是\n"
        "E9002,周宁,陕西省/西安市/新城区,副科长,四级主任科员,,是\n".encode("gb18030")
    )
    _log_in(page, live_server.url, "hr")
    page.wait_for_url(live_server.url + "/")
    page.click('summary:has-text("管理")')
    page.click("text=导入人员名单")
    page.set_input_files("input[type=file]", str(roster))
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/roster/import/*/")
    assert "孙悦" in page.content()
    assert not StaffMember.objects.filter(employee_id="E9001").exists()
    page.click("main form button[type=submit]")
    page.wait_for_selector(".status.imported")
    assert StaffMember.objects.filter(employee_id__in=["E9001", "E9002"]).count() == 2
    page.click('summary:has-text("管理")')
    page.click('.menu-panel >> text="人员"')
    assert "周宁" in page.content()
    assert "陕西省/西安市/新城区" in page.content()


def test_hr_officer_sees_bad_rows_with_their_line_numbers(
    page, live_server, demo, tmp_path
):
    roster = tmp_path / "bad.csv"
    roster.write_text(
        "工号,姓名,部门,职务,职级\nE1,甲,陕西省/西安市,科员,一级科员\nE1,乙,陕西省/西安市,科员,一级科员\n",
        encoding="utf-8-sig",
    )
    _log_in(page, live_server.url, "hr")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/people/roster/import/")
    page.set_input_files("input[type=file]", str(roster))
    page.click("form.card button[type=submit]")
    errors = page.locator(".errors")
    errors.wait_for()
    assert "3" in errors.locator("tbody tr td").first.inner_text()
    assert not StaffMember.objects.filter(employee_id="E1").exists()
