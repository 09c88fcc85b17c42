"""The final exam in headless Chromium: fail once, pass, and the course is complete."""

import io

import pytest
from django.core.management import call_command

from courses import services as courses
from courses.models import Enrolment
from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from tests.certificates import pdftools
from tests.factories.assessments import make_bank, make_exam, make_question
from tests.factories.courses import make_course

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.axe,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def exam_course(reference_data, live_server, settings):
    # The certificate's QR code points at the site that issued it: this one.
    settings.SITE_BASE_URL = live_server.url
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
    page, live_server, exam_course, tmp_path
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
    download_the_certificate_and_check_it(page, base, tmp_path)


def download_the_certificate_and_check_it(page, base, tmp_path):
    """From the dashboard to the PDF, and from its QR code to the public page."""
    page.goto(base + "/learning/dashboard/")
    page.click("#certificates-heading ~ ul a:text('涉密信息处理规范')")
    with page.expect_download() as download:
        page.click("text=下载 PDF")
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    page.screenshot(path=str(tmp_path / "certificate-page.png"), full_page=True)
    data = path.read_bytes()
    assert "涉密信息处理规范" in pdftools.raw_text(data)
    (url,) = pdftools.qr_codes(data)
    assert url.startswith(base + "/verify/")

    visitor = page.context.browser.new_context(locale="zh-CN")
    public = visitor.new_page()
    public.goto(url)
    verdict = public.locator(".verdict").inner_text()
    assert "真实有效" in verdict
    assert "涉密信息处理规范" in public.locator("main").inner_text()
    visitor.close()
