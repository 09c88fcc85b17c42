"""The ledger's pages through the client: the learner's, HR's, and the attacks."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from ledger import services
from ledger.models import Attendance, ExternalClaim, OfflineClass, StudyHourEntry
from tests.factories.people import StaffMemberFactory

from .conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _claim_post(client, name, content, **extra):
    return client.post(
        "/ledger/claims/new/",
        {
            "title": "省级专题培训",
            "organiser": "省委党校",
            "finished_on": "2026-03-01",
            "hours": "8",
            "evidence": SimpleUploadedFile(name, content),
            **extra,
        },
    )


def test_the_learner_sees_entries_with_their_rule_and_totals(client, staff, courses):
    services.credit_online_completion(
        user_id=staff.user_id,
        course_key=courses["mid"].translation_key,
        completed_at=at(2025, 3, 1),
    )
    client.force_login(staff.user)
    body = client.get("/ledger/?year=2025").content.decode()
    assert "数字政府" in body
    # The default policy credits the course's own 学时 (derived: 20 min → 0.5).
    assert "0.50" in body
    assert client.get("/ledger/?year=abc").status_code == 404


def test_a_learner_cannot_read_another_learners_ledger(client, staff, departments):
    other = StaffMemberFactory(employee_id="B2002", department=departments[1])
    client.force_login(staff.user)
    assert client.get(f"/ledger/staff/{other.pk}/").status_code == 404
    assert client.get(f"/ledger/staff/{staff.pk}/").status_code == 200


def test_a_claim_with_real_pdf_evidence_is_stored_privately(client, staff):
    client.force_login(staff.user)
    response = _claim_post(client, "证书.pdf", PDF)
    assert response.status_code == 302
    claim = ExternalClaim.objects.get()
    assert claim.status == "pending"
    location = Path(storages["ledger"].location)
    assert Path(claim.evidence.path).is_relative_to(location)
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT))
    assert client.get(f"/ledger/claims/{claim.pk}/evidence/").status_code == 200


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("证书.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"MZ\x90\x00 an executable"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1)),
        ("empty.pdf", b""),
    ],
)
def test_hostile_evidence_is_refused_with_400(client, staff, name, content):
    client.force_login(staff.user)
    response = _claim_post(client, name, content)
    assert response.status_code == 400
    assert not ExternalClaim.objects.exists()


def test_hr_in_scope_approves_and_out_of_scope_gets_404(client, staff, hr_in, hr_out):
    claim = services.submit_claim(
        user=staff.user,
        title="数字政府专题研修",
        organiser="省委党校",
        finished_on=at(2026, 3, 1).date(),
        hours=D("6"),
        evidence=SimpleUploadedFile("p.pdf", PDF),
    )
    client.force_login(hr_out)
    assert "数字政府专题研修" not in client.get("/ledger/claims/").content.decode()
    response = client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "1"})
    assert response.status_code == 404
    assert not StudyHourEntry.objects.exists()

    client.force_login(hr_in)
    assert "数字政府专题研修" in client.get("/ledger/claims/").content.decode()
    refused = client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "0"})
    assert refused.status_code == 400  # a rejection needs a reason
    client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "1"})
    entry = StudyHourEntry.objects.get()
    assert (entry.source, entry.hours) == ("external", D("6.00"))


def _class(department):
    return OfflineClass.objects.create(
        title="处级干部培训班",
        organiser="组织部",
        department=department,
        starts_on=at(2026, 4, 1).date(),
        ends_on=at(2026, 4, 3).date(),
        days=D("3"),
    )


def test_attendance_import_rejects_the_whole_file_with_line_numbers(
    client, staff, hr_in, departments
):
    offline = _class(departments[0])
    stranger = StaffMemberFactory(employee_id="B2002", department=departments[1])
    csv = f"employee_id,missed\n{staff.employee_id},0.5\n{stranger.employee_id},0\nX9,abc\n"
    client.force_login(hr_in)
    response = client.post(
        f"/ledger/classes/{offline.pk}/",
        {"file": SimpleUploadedFile("attendance.csv", csv.encode())},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<td>3</td>" in body and "<td>4</td>" in body
    assert not Attendance.objects.exists() and not StudyHourEntry.objects.exists()

    good = f"employee_id,missed\n{staff.employee_id},0.5\n"
    response = client.post(
        f"/ledger/classes/{offline.pk}/",
        {"file": SimpleUploadedFile("attendance.csv", good.encode())},
    )
    assert response.status_code == 302
    entry = StudyHourEntry.objects.get()
    # 3 days less half a day, at the default 8 学时 a day.
    assert entry.hours == D("20.00") and entry.source == "offline"


def test_hr_out_of_scope_cannot_record_attendance(client, staff, hr_out, departments):
    offline = _class(departments[0])
    client.force_login(hr_out)
    response = client.post(
        f"/ledger/classes/{offline.pk}/",
        {"employee_id": staff.employee_id, "missed": "0"},
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_an_administrator_closes_and_reopens_a_year(client, staff):
    from django.contrib.auth.models import Group

    from people import roles
    from tests.factories.people import UserFactory

    admin = UserFactory(username="ledger-admin")
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    client.force_login(admin)
    assert client.post("/ledger/years/", {"year": "2025"}).status_code == 302
    assert client.post("/ledger/years/", {"year": "1800"}).status_code == 400
    client.post("/ledger/years/", {"year": "2025", "action": "reopen"})
    client.force_login(staff.user)
    assert client.post("/ledger/years/", {"year": "2025"}).status_code == 403


def test_the_dashboard_shows_the_ledgers_hours_and_links_to_it(client, staff, courses):
    from courses import services as learning

    learning.start_course(user=staff.user, course=courses["short"])
    learning.complete_lesson(user=staff.user, lesson=courses["short"].lessons().first())
    client.force_login(staff.user)
    body = client.get("/").content.decode()
    assert '<strong class="figure">0.5</strong>' in body
    assert 'href="/ledger/"' in body


def test_attendance_entered_as_a_list_records_partial_attendance_and_absence(
    client, staff, hr_in, departments
):
    offline = _class(departments[0])
    absent = StaffMemberFactory(employee_id="D1003", department=departments[0])
    client.force_login(hr_in)
    bad = client.post(f"/ledger/classes/{offline.pk}/", {"rows": "D1001,0.5\nD1003,x"})
    assert bad.status_code == 400 and "<td>2</td>" in bad.content.decode()
    assert not Attendance.objects.exists()

    good = client.post(f"/ledger/classes/{offline.pk}/", {"rows": "D1001,0.5\nD1003,3"})
    assert good.status_code == 302
    assert Attendance.objects.get(staff=absent).absent
    assert Attendance.objects.get(staff=staff).entry.hours == D("20.00")
    assert StudyHourEntry.objects.count() == 1
    body = client.get(f"/ledger/classes/{offline.pk}/").content.decode()
    assert "缺席" in body or "Absent" in body


def test_hr_in_scope_reverses_an_entry_with_a_reason_and_out_of_scope_gets_404(
    client, staff, hr_in, hr_out, courses
):
    from audit.models import AuditEntry

    entry = services.credit_online_completion(
        user_id=staff.user_id,
        course_key=courses["mid"].translation_key,
        completed_at=at(2026, 3, 1),
    )
    url = f"/ledger/entries/{entry.pk}/reverse/"
    client.force_login(hr_out)
    assert client.post(url, {"reason": "录入错误"}).status_code == 404
    client.force_login(staff.user)
    assert client.post(url, {"reason": "录入错误"}).status_code == 403
    client.force_login(hr_in)
    client.post(url, {"reason": ""})
    assert StudyHourEntry.objects.count() == 1
    assert client.post(url, {"reason": "录入错误"}).status_code == 302
    reversal = StudyHourEntry.objects.get(reverses=entry)
    assert reversal.hours == -entry.hours and reversal.rule["reason"] == "录入错误"
    assert AuditEntry.objects.filter(action="ledger.entry_reversed").count() == 1
