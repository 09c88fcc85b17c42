"""The annual training record: a real signed PDF, read back with poppler and pyHanko."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from audit.models import AuditEntry
from certificates.rendering import ensure_pdf_signing_key
from ledger import audit_events, services
from ledger.models import StudyHourEntry
from people.models import Grade
from tests.certificates import pdftools
from tests.factories.people import StaffMemberFactory

from .conftest import at
from .test_year import _build_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(staff, hr_in, courses, departments, policy_2025):
    _build_2025(staff, hr_in, courses, departments)
    return staff


def _get(client, url, language="zh-hans"):
    client.cookies["django_language"] = language
    return client.get(url)


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pdftools.text(response.content)


def test_the_learners_own_record_in_chinese(client, year_2025):
    client.force_login(year_2025.user)
    response = _get(client, "/ledger/record/2025.pdf")
    raw = "".join(_text(response).split())
    assert "attachment" in response["Content-Disposition"]
    assert "王小明" in raw and "D1001" in raw and "西安市" in raw
    assert "一级科员" in raw  # the grade, in Chinese
    # Entries: the class, the claim, the reversal (negative), their rules.
    for hours in ("20.00", "16.00", "-0.50", "0.25"):
        assert hours in raw
    assert "处级干部培训班" in raw and "外部培训" in raw
    assert "2025年4月3日" in raw  # the class's date, in the Chinese format
    # Totals against the targets, as the ledger page computes them.
    assert "41" in raw and "90" in raw and "1.25" in raw and "50" in raw


def test_the_record_in_english_says_provisional_and_explains_its_rules(
    client, year_2025
):
    client.force_login(year_2025.user)
    text = _text(_get(client, "/ledger/record/2025.pdf", "en"))
    assert "Annual training record 2025" in text
    assert "Provisional" in text
    assert "Reverses an earlier entry: credited in error" in text
    assert "External training approved by HR" in text
    assert "3 days × 8 study hours, 0.5 missed" in text
    assert "3 April 2025" in text
    assert "Online minimum" in text and "Five-year total" not in text


def test_a_closed_year_shows_its_frozen_figures_and_close_date(
    client, year_2025, hr_in
):
    services.close_year(year=2025, actor=hr_in)
    # A promotion after the close changes today's target, not the closed year's.
    year_2025.grade = Grade.objects.get(code="researcher-4")
    year_2025.save()
    client.force_login(year_2025.user)
    text = _text(_get(client, "/ledger/record/2025.pdf", "en"))
    assert "The year was closed on" in text and "frozen figures" in text
    assert "Provisional" not in text
    assert "Five-year total" not in text and "110" not in text
    assert "Online minimum" in text


def test_the_record_is_signed_by_the_organisation(client, year_2025):
    cert_path, _key = ensure_pdf_signing_key()
    client.force_login(year_2025.user)
    data = _get(client, "/ledger/record/2025.pdf").content
    signature = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    trust = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_path))])
    status = validate_pdf_signature(signature, trust)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)


def test_hr_in_scope_downloads_it_and_the_download_is_audited(client, year_2025, hr_in):
    client.force_login(hr_in)
    url = f"/ledger/staff/{year_2025.pk}/record/2025.pdf"
    assert "王小明" in _text(_get(client, url, "en"))
    entry = AuditEntry.objects.get(action=audit_events.RECORD_DOWNLOADED)
    assert entry.actor_id == hr_in.pk
    assert entry.target_id == str(year_2025.pk)
    assert entry.details == {"staff": year_2025.pk, "year": 2025}


def test_another_learner_and_hr_out_of_scope_get_404_and_nothing_is_logged(
    client, year_2025, hr_out, departments
):
    other = StaffMemberFactory(employee_id="B2002", department=departments[1])
    url = f"/ledger/staff/{year_2025.pk}/record/2025.pdf"
    for intruder in (other.user, hr_out):
        client.force_login(intruder)
        assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action=audit_events.RECORD_DOWNLOADED)
    # The person's own, through the staff URL: theirs to read, not an HR access.
    client.force_login(year_2025.user)
    assert client.get(url).status_code == 200
    assert not AuditEntry.objects.filter(action=audit_events.RECORD_DOWNLOADED)


@pytest.mark.parametrize("year", ["1999", "3000", "99999999999999999999"])
def test_a_year_out_of_range_is_404(client, staff, hr_in, year):
    client.force_login(staff.user)
    assert client.get(f"/ledger/record/{year}.pdf").status_code == 404
    client.force_login(hr_in)
    assert client.get(f"/ledger/staff/{staff.pk}/record/{year}.pdf").status_code == 404


def test_the_ledger_pages_link_to_the_record_of_the_year_shown(client, staff, hr_in):
    client.force_login(staff.user)
    assert "/ledger/record/2025.pdf" in client.get("/ledger/?year=2025").text
    client.force_login(hr_in)
    page = client.get(f"/ledger/staff/{staff.pk}/?year=2025").text
    assert f"/ledger/staff/{staff.pk}/record/2025.pdf" in page


def _entries(staff, count):
    for number in range(count):
        StudyHourEntry.objects.create(
            user=staff.user,
            year=2025,
            hours=D("1"),
            source="offline",
            title=f"培训 {number}",
            rule={"kind": "offline", "class_hours": "1", "missed": "0"},
            credited_on=at(2025, 5, 1).date(),
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pdf_view_costs_the_same_queries_for_many_entries(
    client, staff, hr_in, policy_2025, django_assert_max_num_queries
):
    client.force_login(hr_in)
    url = f"/ledger/staff/{staff.pk}/record/2025.pdf"
    _entries(staff, 2)
    few = _queries(client, url)
    _entries(staff, 120)
    with django_assert_max_num_queries(few):
        text = _text(client.get(url))
    assert "培训119" in "".join(text.split())
