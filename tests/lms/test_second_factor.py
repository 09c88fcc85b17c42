"""Administrators and HR officers sign in with a password and a TOTP code."""

import re
import time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.actions import Action
from audit.models import AuditEntry
from common.totp import demo_key, ensure_demo_device, secret_text
from lms import otp
from lms.models import RecoveryCode
from lms.sessions import LAST_ACTIVITY
from people import roles
from people.services import grant_role
from tests.factories.people import StaffMemberFactory, UserFactory
from tests.second_factor import current_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
HR_PAGES = [
    "/people/staff/",
    "/people/roster/import/",
    "/learning/assignments/",
    "/admin/",
    "/admin/reports/audit-log/",
    "/api/v2/pages/",
    "/accounts/password/change/",
    "/",
]


@pytest.fixture
def hr():
    user = StaffMemberFactory(employee_id="H0001").user
    user.set_password(PASSWORD)
    user.save()
    grant_role(user=user, role=roles.HR_OFFICER)
    return user


def _password_only(user) -> Client:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": user.get_username(), "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/accounts/two-step/setup/").content.decode()
    secret = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', page)[1]
    device = TOTPDevice.objects.get(confirmed=False)
    assert secret.replace(" ", "") == secret_text(device).replace(" ", "")
    response = client.post("/accounts/two-step/setup/", {"code": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    return device, codes


def test_the_second_factor_is_required_in_the_test_run(settings):
    assert settings.OTP_REQUIRED and not settings.DEBUG


@pytest.mark.parametrize("path", HR_PAGES)
def test_an_hr_officer_with_a_password_only_reaches_no_page(hr, path):
    client = _password_only(hr)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-step/setup/?next=")


def test_a_superuser_is_held_too_and_a_learner_is_not():
    admin = UserFactory(username="root", password=PASSWORD, is_superuser=True)
    assert _password_only(admin).get("/admin/").status_code == 302
    learner = StaffMemberFactory().user
    learner.set_password(PASSWORD)
    learner.save()
    assert _password_only(learner).get("/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_then_recovery_codes(hr):
    client = _password_only(hr)
    page = client.get("/accounts/two-step/setup/?next=/people/staff/").content.decode()
    assert "<svg" in page and "otp-secret" in page
    device, codes = _enrol(client)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/people/staff/").status_code == 200
    assert AuditEntry.objects.filter(action=Action.OTP_ENROLLED, actor=hr).exists()


def test_the_qr_code_encodes_the_otpauth_uri(hr):
    client = _password_only(hr)
    client.get("/accounts/two-step/setup/")
    device = TOTPDevice.objects.get(user=hr)
    assert device.config_url.startswith("otpauth://totp/")
    assert "secret=" in device.config_url and "issuer=" in device.config_url
    assert otp.qr_code_svg(device).startswith("<svg")


def test_a_wrong_enrolment_code_confirms_nothing(hr):
    client = _password_only(hr)
    client.get("/accounts/two-step/setup/")
    response = client.post("/accounts/two-step/setup/", {"code": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=hr, confirmed=True).exists()
    assert client.get("/people/staff/").status_code == 302


def test_every_later_sign_in_asks_for_a_code(hr):
    device, _codes = _enrol(_password_only(hr))
    client = _password_only(hr)
    response = client.get("/people/staff/")
    assert response["Location"] == "/accounts/two-step/?next=%2Fpeople%2Fstaff%2F"
    wrong = client.post("/accounts/two-step/", {"code": "123456"})
    assert wrong.status_code == 200
    assert AuditEntry.objects.filter(action=Action.OTP_FAILED, actor=hr).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    # The code of the next time step: enrolment used the current one.
    code = f"{totp(device.bin_key, t0=-device.step):06d}"
    response = client.post(
        "/accounts/two-step/", {"code": code, "next": "/people/staff/"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/staff/"
    assert client.get("/people/staff/").status_code == 200


def test_a_code_is_accepted_once_only(hr):
    device, _codes = _enrol(_password_only(hr))
    # The code that confirmed enrolment cannot sign in again.
    client = _password_only(hr)
    client.post("/accounts/two-step/", {"code": current_code(device)})
    assert client.get("/people/staff/").status_code == 302


def test_recovery_codes_work_once_each_and_are_stored_as_digests(hr):
    _device, codes = _enrol(_password_only(hr))
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert not any(
        code.replace("-", "") in digest for code in codes for digest in stored
    )
    client = _password_only(hr)
    response = client.post("/accounts/two-step/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/people/staff/").status_code == 200
    assert RecoveryCode.objects.count() == 9
    assert AuditEntry.objects.filter(action=Action.RECOVERY_CODE_USED).exists()
    again = _password_only(hr)
    again.post("/accounts/two-step/", {"code": codes[0]})
    assert again.get("/people/staff/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(hr):
    client = _password_only(hr)
    _device, old = _enrol(client)
    assert "10" in client.get("/accounts/two-step/recovery-codes/").content.decode()
    response = client.post("/accounts/two-step/recovery-codes/")
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert RecoveryCode.objects.filter(device__user=hr).count() == 10


def test_signing_out_is_open_before_the_second_factor(hr):
    client = _password_only(hr)
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_device_of_another_user_does_not_verify(hr):
    other = UserFactory(username="other")
    device = TOTPDevice.objects.create(user=other, name="x", confirmed=True)
    client = _password_only(hr)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/people/staff/").status_code == 302


def test_a_role_granted_during_a_session_is_held_within_a_minute():
    user = StaffMemberFactory().user
    user.set_password(PASSWORD)
    user.save()
    client = _password_only(user)
    assert client.get("/").status_code == 200
    grant_role(user=user, role=roles.ADMINISTRATOR)
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - 61
    session.save()
    assert client.get("/").status_code == 302


def test_with_the_second_factor_optional_a_password_is_enough(hr, settings):
    settings.OTP_REQUIRED = False
    assert _password_only(hr).get("/people/staff/").status_code == 200


def test_the_test_clients_force_login_passes_the_second_factor(client, hr):
    client.force_login(hr)
    assert client.get("/people/staff/").status_code == 200


def test_demo_devices_have_a_published_deterministic_key():
    hr = UserFactory(username="hr")
    secret = ensure_demo_device(hr)
    assert secret == ensure_demo_device(hr)
    device = TOTPDevice.objects.get(user=hr)
    assert device.confirmed and device.key == demo_key("hr")
    assert otp.verify_second_factor(user=hr, token=current_code(device)) == device
