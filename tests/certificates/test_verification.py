"""The public verification page: genuine, expired, revoked, superseded, or not found."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from certificates import codes
from certificates.models import Certificate
from certificates.services import correct_holder_name, revoke_certificate
from tests.certificates.conftest import administrator, hr_officer

pytestmark = pytest.mark.django_db


def page_of(certificate) -> str:
    return reverse("certificates:verify", args=[codes.unseal(certificate.code_sealed)])


def test_a_valid_certificate_is_genuine_with_the_name_masked(client, certificate):
    response = client.get(page_of(certificate))
    body = response.content.decode()
    assert response.status_code == 200
    assert "真实有效" in body or "Genuine and valid" in body
    assert "张*明" in body
    assert "张晓明" not in body and "P1001" not in body
    assert certificate.serial in body and "网络安全基础" in body


def test_the_page_is_in_english_too(client, certificate):
    client.cookies["django_language"] = "en"
    response = client.get(page_of(certificate))
    assert "Genuine and valid" in response.content.decode()


def test_an_unknown_code_gets_the_same_looking_not_found_page(client, certificate):
    unknown = codes.new_code()
    response = client.get(reverse("certificates:verify", args=[unknown]))
    assert response.status_code == 404
    garbage = client.get(reverse("certificates:verify", args=["<script>"]))
    assert garbage.status_code == 404
    assert b"<script>" not in garbage.content
    found = client.get(page_of(certificate))
    # Same layout: the not-found page is the verification page, not a bare 404.
    assert b'class="card verdict' in response.content
    assert b'class="card verdict' in found.content


def test_an_expired_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    client.cookies["django_language"] = "en"
    assert "Genuine, but expired" in client.get(page_of(certificate)).content.decode()
    assert not Certificate.objects.valid().exists()


def test_revocation_shows_at_once_and_is_audited(client, certificate, xian):
    officer = hr_officer(xian)
    revoke_certificate(certificate=certificate, by=officer, reason="成绩作弊")
    client.cookies["django_language"] = "en"
    assert "Revoked" in client.get(page_of(certificate)).content.decode()
    entry = AuditEntry.objects.get(action="certificates.revoked")
    assert entry.actor_id == officer.pk
    assert entry.details["reason"] == "成绩作弊"


def test_hr_outside_the_holders_departments_cannot_revoke(client, certificate, baoji):
    outsider = hr_officer(baoji, username="hr-baoji")
    client.force_login(outsider)
    response = client.post(
        reverse("certificates:revoke", args=[certificate.serial]), {"reason": "x"}
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_a_learner_cannot_revoke_even_their_own(client, certificate, learner):
    client.force_login(learner)
    response = client.post(
        reverse("certificates:revoke", args=[certificate.serial]), {"reason": "x"}
    )
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_hr_revokes_in_scope_through_the_page(client, certificate, xian):
    client.force_login(hr_officer(xian))
    response = client.post(
        reverse("certificates:revoke", args=[certificate.serial]),
        {"reason": "证书信息有误"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    again = client.post(
        reverse("certificates:revoke", args=[certificate.serial]), {"reason": "x"}
    )
    assert again.status_code == 302  # refused with a message, nothing changes
    assert AuditEntry.objects.filter(action="certificates.revoked").count() == 1


def test_a_correction_supersedes_and_links_the_replacement(client, certificate):
    admin = administrator()
    new = correct_holder_name(certificate=certificate, by=admin, name="张晓鸣")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert new.serial != certificate.serial and new.replaces == certificate
    assert new.snapshot["holder_name"] == "张晓鸣"
    assert new.completed_at == certificate.completed_at
    client.cookies["django_language"] = "en"
    old_page = client.get(page_of(certificate)).content.decode()
    assert "Superseded" in old_page and page_of(new) in old_page
    assert "Genuine and valid" in client.get(page_of(new)).content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"certificates.corrected", "certificates.replacement_issued"} <= actions


def test_hr_cannot_correct_a_name(client, certificate, xian):
    client.force_login(hr_officer(xian))
    response = client.post(
        reverse("certificates:correct", args=[certificate.serial]), {"name": "李四"}
    )
    assert response.status_code == 403
    assert Certificate.objects.count() == 1


def test_verification_is_rate_limited_per_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE_PER_MINUTE = 3
    url = page_of(certificate)
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_code_form_sends_a_typed_code_to_its_page(client, certificate):
    code = codes.unseal(certificate.code_sealed)
    response = client.get(
        reverse("certificates:verify_form"), {"code": code.lower().replace("-", " ")}
    )
    assert response.status_code == 302 and response.url == page_of(certificate)


def test_the_hr_list_costs_the_same_queries_for_more_certificates(
    client, certificate, course_with_exam, xian, django_assert_max_num_queries
):
    from tests.certificates.conftest import complete_course
    from tests.factories.people import StaffMemberFactory

    client.force_login(hr_officer(xian))
    url = reverse("certificates:manage")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    course, exam = course_with_exam
    for number in range(5):
        user = StaffMemberFactory(employee_id=f"Q{number:04d}", department=xian).user
        complete_course(user, course, exam)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("/certificates/20") >= 6


def test_hr_sees_what_a_staff_member_still_lacks(
    client, learner, course_with_exam, xian
):
    from courses import services as courses

    course, _exam = course_with_exam
    courses.start_course(user=learner, course=course)
    courses.complete_lesson(user=learner, lesson=course.lessons().first())
    client.force_login(hr_officer(xian))
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("certificates:manage"), {"staff": "P1001"}, follow=True
    )
    body = response.content.decode()
    assert "张晓明" in body and "1 lesson left" in body
    assert "The final exam is not passed yet." in body


def test_hr_cannot_look_up_staff_outside_its_departments(client, learner, baoji):
    client.force_login(hr_officer(baoji, username="hr-baoji"))
    response = client.get(
        reverse("certificates:manage"), {"staff": "P1001"}, follow=True
    )
    assert "张晓明" not in response.content.decode()
    staff_page = reverse("certificates:staff_eligibility", args=[learner.staff.pk])
    assert client.get(staff_page).status_code == 404


def test_dates_are_written_in_the_readers_language(client, certificate):
    issued = timezone.localdate(certificate.issued_at)
    client.cookies["django_language"] = "en"
    english = client.get(page_of(certificate)).content.decode()
    assert f"{issued.day} {issued:%B} {issued.year}" in english
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(page_of(certificate)).content.decode()
    assert f"{issued.year}年{issued.month}月{issued.day}日" in chinese


def test_every_page_has_the_favicon(client):
    from django.contrib.staticfiles import finders

    body = client.get(reverse("certificates:verify_form")).content.decode()
    assert 'rel="icon"' in body and "favicon.svg" in body
    assert finders.find("lms/favicon.svg")
