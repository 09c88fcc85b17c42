"""The issued certificate's PDF through the site, and HR's ZIP of a department's certificates."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from certificates import codes
from certificates.archives import build_archive, request_archive
from certificates.exceptions import NotInScope
from certificates.models import Certificate, CertificateArchive
from certificates.services import rerender_certificate, store_pdf
from people.models import StaffMember
from tests.certificates import pdftools
from tests.certificates.conftest import administrator, complete_course, hr_officer
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db


def download(client, certificate) -> bytes:
    response = client.get(reverse("certificates:pdf", args=[certificate.serial]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_the_holder_downloads_the_pdf_of_what_was_certified(
    client, certificate, learner, settings
):
    client.force_login(learner)
    data = download(client, certificate)
    text = pdftools.raw_text(data)
    assert "张晓明" in text and certificate.serial in text and "网络安全基础" in text
    code = codes.unseal(certificate.code_sealed)
    assert pdftools.qr_codes(data) == [f"{settings.SITE_BASE_URL}/verify/{code}/"]
    assert len(data) < 150 * 1024


def test_the_pdf_is_rendered_once_and_served_as_stored(client, certificate, learner):
    client.force_login(learner)
    first = download(client, certificate)
    StaffMember.objects.filter(user=learner).update(name="张小明")
    assert download(client, certificate) == first
    certificate.refresh_from_db()
    assert certificate.pdf_sha256


def test_re_rendering_keeps_the_snapshot_and_serial(
    client, certificate, learner, django_capture_on_commit_callbacks
):
    store_pdf(certificate)
    StaffMember.objects.filter(user=learner).update(name="张小明")
    with django_capture_on_commit_callbacks(execute=True):
        rerender_certificate(certificate=certificate, by=administrator())
    certificate.refresh_from_db()
    text = pdftools.raw_text(certificate.pdf.open("rb").read())
    assert "张晓明" in text and "张小明" not in text and certificate.serial in text
    assert AuditEntry.objects.filter(action="certificates.rerendered").exists()


def test_nobody_else_gets_the_pdf(client, certificate, baoji):
    other = StaffMemberFactory(employee_id="P2002", department=baoji).user
    client.force_login(other)
    url = reverse("certificates:pdf", args=[certificate.serial])
    assert client.get(url).status_code == 404
    client.force_login(hr_officer(baoji, username="hr-baoji"))
    assert client.get(url).status_code == 404


@pytest.fixture
def two_cities(xian, baoji, course_with_exam, learner):
    course, exam = course_with_exam
    complete_course(learner, course, exam)
    for number in range(2):
        user = StaffMemberFactory(employee_id=f"B{number:04d}", department=baoji).user
        complete_course(user, course, exam)
    return xian, baoji


def test_hr_gets_a_zip_of_its_departments_certificates_only(
    client, two_cities, django_capture_on_commit_callbacks
):
    xian, baoji = two_cities
    officer = hr_officer(xian)
    client.force_login(officer)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:archive_request"),
            {
                "department": xian.pk,
                "issued_from": date(today.year, 1, 1).isoformat(),
                "issued_to": today.isoformat(),
            },
        )
    assert response.status_code == 302
    archive = CertificateArchive.objects.get(requested_by=officer)
    status = client.get(reverse("certificates:archive_status", args=[archive.pk]))
    assert status.json()["status"] == "done" and status.json()["percent"] == 100
    zipped = client.get(reverse("certificates:archive_download", args=[archive.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))).namelist()
    mine = Certificate.objects.get(holder__staff__department=xian)
    assert sorted(names) == sorted([f"{mine.serial}.pdf", "certificates.csv"])
    assert AuditEntry.objects.filter(action="certificates.archive_downloaded").exists()


def test_hr_cannot_ask_for_another_departments_archive(two_cities):
    xian, baoji = two_cities
    with pytest.raises(NotInScope):
        request_archive(
            by=hr_officer(xian),
            department=baoji,
            issued_from=date(2026, 1, 1),
            issued_to=date(2026, 12, 31),
        )


def test_an_archive_is_built_with_the_scope_of_the_moment(two_cities):
    xian, baoji = two_cities
    officer = hr_officer(xian.parent)  # the whole province, for now
    archive = CertificateArchive.objects.create(
        requested_by=officer,
        department=xian.parent,
        issued_from=date(2020, 1, 1),
        issued_to=timezone.localdate(),
    )
    from people.models import HRScope

    HRScope.objects.filter(user=officer).delete()
    HRScope.objects.create(user=officer, department=xian)
    assert build_archive(archive.pk) == 1


def test_the_manifest_masks_names_and_ids(client, two_cities):
    xian, _baoji = two_cities
    officer = hr_officer(xian)
    archive = CertificateArchive.objects.create(
        requested_by=officer,
        department=xian,
        issued_from=date(2020, 1, 1),
        issued_to=timezone.localdate(),
    )
    build_archive(archive.pk)
    archive.refresh_from_db()
    manifest = zipfile.ZipFile(archive.file.open("rb")).read("certificates.csv")
    text = manifest.decode("utf-8-sig")
    assert "张*明" in text and "P***1" in text
    assert "张晓明" not in text and "P1001" not in text


def test_another_officers_archive_is_not_found(client, two_cities):
    xian, _baoji = two_cities
    archive = CertificateArchive.objects.create(
        requested_by=hr_officer(xian),
        department=xian,
        issued_from=date(2020, 1, 1),
        issued_to=timezone.localdate(),
    )
    build_archive(archive.pk)
    client.force_login(hr_officer(xian, username="hr-two"))
    url = reverse("certificates:archive_download", args=[archive.pk])
    assert client.get(url).status_code == 404


def test_a_period_that_ends_before_it_starts_builds_nothing(client, xian):
    client.force_login(hr_officer(xian))
    response = client.post(
        reverse("certificates:archive_request"),
        {"department": xian.pk, "issued_from": "2026-12-01", "issued_to": "2026-01-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert not CertificateArchive.objects.exists()
    assert list(response.context["messages"])  # the refusal is said on the page
