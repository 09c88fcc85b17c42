"""HR imports a roster as HR offices make them (a title above the header,
full-width employee IDs), hands out first sign-in codes, and a new staff member
sets a password with one and signs in with the employee ID. Chromium, in
Chinese and in English; the newcomer's part on a 375 px phone."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from tests.e2e.accounts import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.axe,
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "roster-journey"
ROSTER = (
    "西安市数据局在职人员名单\n"
    "制表日期：2026年11月30日,,,,,,\n"
    "工号,姓名,部门,职务,职级,邮箱,在职\n"
    "Ｄ０１２３,孙悦,陕西省/西安市/西安市数据局,科员,一级科员,,是\n"
    " E9002 ,周宁,陕西省/西安市/新城区,副科长,四级主任科员,,是\n"
)
HEADER_NOTE = {"zh-hans": "第3行", "en": "row 3"}
SIGNED_IN = {"zh-hans": "孙悦", "en": "孙悦"}
NEW_PASSWORD = "Xian-newcomer-2026"
CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())


def _shot(page, language, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{language}-{name}.png"), full_page=True)


def _choose_language(page, base, language):
    page.goto(base + "/")
    if language == "en":
        page.click("button[value=en]")
        page.wait_for_selector("html[lang=en]")


def _hr_imports_the_roster(page, base, language, roster):
    _choose_language(page, base, language)
    sign_in(page, base, "hr", DEMO_PASSWORD)
    page.goto(base + "/people/roster/import/")
    page.set_input_files("input[type=file]", str(roster))
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/roster/import/*/")
    page.wait_for_selector("main form button[type=submit]")
    main = page.locator("main").inner_text()
    assert HEADER_NOTE[language] in main
    assert "D0123" in main and "Ｄ０１２３" not in main
    _shot(page, language, "1-preview")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".status.imported")
    _shot(page, language, "2-imported")
    assert set(
        StaffMember.objects.filter(name__in=["孙悦", "周宁"]).values_list(
            "employee_id", flat=True
        )
    ) == {"D0123", "E9002"}


def _hr_issues_codes(page, base, language) -> str:
    page.click("header details.menu >> nth=0 >> summary")
    page.click("header a[href='/people/activation-codes/']")
    page.wait_for_url("**/people/activation-codes/")
    _shot(page, language, "3-codes-form")
    page.fill("input[name=days]", "7")
    page.click("main form button[type=submit]")
    table = page.locator("table.activation-codes")
    table.wait_for()
    _shot(page, language, "4-codes-issued")
    row = table.locator("tr", has_text="D0123").inner_text()
    assert "孙悦" in row
    return CODE.search(row).group(0)


def _newcomer_activates_and_signs_in(browser, base, language, code):
    context = browser.new_context(
        locale="en-US", viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    _choose_language(page, base, language)
    page.goto(base + "/accounts/login/")
    page.click("main a[href='/accounts/activate/']")
    page.wait_for_url("**/accounts/activate/")
    # Typed as a Chinese input method types it, the code in lower case.
    page.fill("#id_employee_id", "Ｄ０１２３")
    page.fill("#id_code", code.lower())
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, language, "5-activate-375")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/login/")
    assert "D0123" in page.locator(".messages").inner_text()
    _shot(page, language, "6-password-set-375")
    page.fill("#id_username", "D0123")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(base + "/")
    assert SIGNED_IN[language] in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, language, "7-signed-in-375")
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hr_imports_a_messy_roster_and_a_newcomer_signs_in_with_a_code(
    demo, language, live_server, browser, page, tmp_path
):
    print(f"screenshots in {SHOTS}")
    roster = tmp_path / "名单.csv"
    roster.write_bytes(ROSTER.encode("gb18030"))
    base = live_server.url
    _hr_imports_the_roster(page, base, language, roster)
    code = _hr_issues_codes(page, base, language)
    _newcomer_activates_and_signs_in(browser, base, language, code)
    newcomer = StaffMember.objects.get(employee_id="D0123").user
    assert newcomer.has_usable_password()
    assert not StaffMember.objects.get(employee_id="E9002").user.has_usable_password()
