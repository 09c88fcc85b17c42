"""The demo HR officer exports a report as XLSX, and a large one through its job."""

import io

import pandas as pd
import pytest
from django.core.management import call_command

from people.demo import DEMO_PASSWORD
from people.services import ensure_department
from tests.e2e.accounts import sign_in
from tests.factories.people import StaffMemberFactory
from tests.reports.exports_world import REPORT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    StaffMemberFactory(
        employee_id="BJ0099",
        name="宝鸡某人",
        department=ensure_department(path="陕西省/宝鸡市"),
    )


def _export_url(base):
    return f"{base}/reports/exports/{REPORT.name}/"


def test_hr_officer_downloads_a_masked_xlsx_of_their_scope(
    demo, tmp_path, live_server, page
):
    sign_in(page, live_server.url, "hr", DEMO_PASSWORD)
    page.goto(_export_url(live_server.url))
    with page.expect_download() as download:
        page.click("form.export-form button[type=submit]")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    frame = pd.read_excel(path)
    assert list(frame["工号"]) == ["D***1", "D***4"]
    assert "王小明" not in frame.to_string() and "宝鸡" not in frame.to_string()


def test_a_large_export_goes_through_its_progress_page_to_a_download(
    demo, settings, tmp_path, live_server, page
):
    settings.REPORT_EXPORT_ASYNC_ROWS = 1
    sign_in(page, live_server.url, "hr", DEMO_PASSWORD)
    page.goto(_export_url(live_server.url))
    page.select_option("#id_format", "csv")
    page.check("input[name=identity][value=full]")
    page.fill("#id_purpose", "2026年度考核")
    page.click("form.export-form button[type=submit]")
    page.wait_for_url("**/reports/exports/jobs/*/")
    with page.expect_download() as download:
        page.click("a.button")
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert "D0001,王小明" in text and "BJ0099" not in text
