"""Entries an officer makes on a person's behalf are audit-logged; refusals write none."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from ledger import audit_events, services
from ledger.models import OfflineClass
from tests.factories.people import StaffMemberFactory

from .conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEDGER_ACTIONS = (
    audit_events.ATTENDANCE_RECORDED,
    audit_events.ATTENDANCE_IMPORTED,
    audit_events.CLAIM_APPROVED,
    audit_events.CLAIM_REJECTED,
)


@pytest.fixture
def offline(departments):
    return OfflineClass.objects.create(
        title="处级干部培训班",
        organiser="组织部",
        department=departments[0],
        starts_on=at(2026, 4, 1).date(),
        ends_on=at(2026, 4, 3).date(),
        days=D("3"),
    )


@pytest.fixture
def claim(staff):
    return services.submit_claim(
        user=staff.user,
        title="数字政府专题研修",
        organiser="省委党校",
        finished_on=at(2026, 3, 1).date(),
        hours=D("6"),
        evidence=SimpleUploadedFile("p.pdf", PDF),
    )


def _logged():
    return AuditEntry.objects.filter(action__in=LEDGER_ACTIONS).order_by("pk")


def test_attendance_typed_for_one_person_is_logged_with_its_officer(
    client, staff, hr_in, offline
):
    client.force_login(hr_in)
    client.post(
        f"/ledger/classes/{offline.pk}/",
        {"employee_id": staff.employee_id, "missed": "0.5"},
    )
    entry = _logged().get()
    assert entry.action == audit_events.ATTENDANCE_RECORDED
    assert entry.actor_id == hr_in.pk
    assert (entry.target_type, entry.target_id) == (
        "ledger.offlineclass",
        str(offline.pk),
    )
    attendance = offline.attendance.get()
    assert entry.details == {
        "staff": staff.pk,
        "missed": "0.5",
        "entry": attendance.entry_id,
    }
    assert entry.address  # the officer's client address, from the request


def test_attendance_from_a_file_and_from_a_list_is_logged_once_per_import(
    client, staff, hr_in, offline, departments
):
    other = StaffMemberFactory(employee_id="D1003", department=departments[0])
    client.force_login(hr_in)
    csv = f"employee_id,missed\n{staff.employee_id},0\n{other.employee_id},1\n"
    client.post(
        f"/ledger/classes/{offline.pk}/",
        {"file": SimpleUploadedFile("attendance.csv", csv.encode())},
    )
    client.post(f"/ledger/classes/{offline.pk}/", {"rows": "D1001,0.5"})
    imported = list(_logged())
    assert [e.action for e in imported] == [audit_events.ATTENDANCE_IMPORTED] * 2
    assert {e.actor_id for e in imported} == {hr_in.pk}
    assert imported[0].details == {"rows": 2, "staff": sorted([staff.pk, other.pk])}
    assert imported[1].details == {"rows": 1, "staff": [staff.pk]}


def test_a_refused_attendance_writes_no_audit_entry(
    client, staff, hr_in, hr_out, offline
):
    client.force_login(hr_out)
    response = client.post(
        f"/ledger/classes/{offline.pk}/",
        {"employee_id": staff.employee_id, "missed": "0"},
    )
    assert response.status_code == 404
    client.force_login(hr_in)
    bad = client.post(f"/ledger/classes/{offline.pk}/", {"rows": "D1001,x"})
    assert bad.status_code == 400
    unknown = client.post(f"/ledger/classes/{offline.pk}/", {"employee_id": "X9"})
    assert unknown.status_code == 400
    assert not _logged().exists()


def test_approving_and_rejecting_a_claim_are_logged_without_the_reason(
    client, staff, hr_in, claim
):
    second = services.submit_claim(
        user=staff.user,
        title="讲座",
        organiser="市委党校",
        finished_on=at(2026, 3, 2).date(),
        hours=D("2"),
        evidence=SimpleUploadedFile("q.pdf", PDF),
    )
    client.force_login(hr_in)
    client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "1"})
    client.post(
        f"/ledger/claims/{second.pk}/decide/",
        {"approve": "0", "reason": "无结业证明"},
    )
    approved, rejected = _logged()
    claim.refresh_from_db()
    assert approved.action == audit_events.CLAIM_APPROVED
    assert (approved.actor_id, approved.target_id) == (hr_in.pk, str(claim.pk))
    assert approved.details == {
        "learner": staff.user_id,
        "hours": "6.00",
        "entry": claim.entry_id,
    }
    assert rejected.action == audit_events.CLAIM_REJECTED
    assert rejected.details == {
        "learner": staff.user_id,
        "hours": "2.00",
        "entry": None,
    }
    assert "无结业证明" not in str(rejected.details)


def test_a_refused_decision_writes_no_audit_entry(client, staff, hr_in, hr_out, claim):
    client.force_login(hr_out)
    assert (
        client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "1"}).status_code
        == 404
    )
    client.force_login(hr_in)
    no_reason = client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "0"})
    assert no_reason.status_code == 400
    assert not _logged().exists()
    client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "1"})
    client.post(f"/ledger/claims/{claim.pk}/decide/", {"approve": "1"})  # decided
    assert _logged().count() == 1


def test_the_services_refuse_out_of_scope_without_a_trace(
    staff, hr_out, offline, claim
):
    from ledger.exceptions import OutOfScope

    with pytest.raises(OutOfScope):
        services.record_attendance(actor=hr_out, offline_class=offline, staff=staff)
    with pytest.raises(OutOfScope):
        services.import_attendance(
            actor=hr_out, offline_class=offline, content=b"employee_id\nD1001\n"
        )
    with pytest.raises(OutOfScope):
        services.decide_claim(actor=hr_out, claim=claim, approve=True)
    assert not _logged().exists()
