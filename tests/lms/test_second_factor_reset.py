"""An administrator resets a lost authenticator; nobody else, and never their own."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.actions import Action
from audit.models import AuditEntry
from lms import otp
from lms.models import RecoveryCode, RecoveryCodeDevice
from people import roles
from people.services import grant_role
from tests.factories.people import StaffMemberFactory, UserFactory
from tests.second_factor import VerifiedClient, enrol_totp

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _with_role(role, **fields):
    user = StaffMemberFactory(**fields).user
    grant_role(user=user, role=role)
    return user


@pytest.fixture
def hr():
    """An HR officer who lost their phone: one authenticator, ten recovery codes."""
    user = _with_role(roles.HR_OFFICER, employee_id="H0001")
    enrol_totp(user)
    otp.issue_recovery_codes(user=user)
    return user


@pytest.fixture
def root():
    return UserFactory(username="root", is_superuser=True)


def _url(user):
    return reverse("otp_admin_reset", args=[user.pk])


def _devices(user) -> tuple[int, int]:
    return (
        TOTPDevice.objects.filter(user=user).count(),
        RecoveryCode.objects.filter(device__user=user).count(),
    )


def test_the_confirmation_page_removes_nothing(verified_client, root, hr):
    page = verified_client(root).get(_url(hr))
    assert page.status_code == 200
    body = page.content.decode()
    assert "H0001" in body and 'method="post"' in body
    assert _devices(hr) == (1, 10)


def test_a_reset_removes_every_device_and_is_audited(verified_client, root, hr):
    response = verified_client(root).post(_url(hr))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:edit", args=[hr.pk])
    assert _devices(hr) == (0, 0)
    assert not RecoveryCodeDevice.objects.filter(user=hr).exists()
    entry = AuditEntry.objects.get(action=Action.OTP_RESET)
    assert (entry.actor, entry.target_id, entry.details) == (
        root,
        str(hr.pk),
        {"devices": 2},
    )
    assert entry.address == "127.0.0.1"


def test_the_user_enrols_again_even_in_a_session_already_verified(
    verified_client, root, hr
):
    session = verified_client(hr)
    assert session.get("/people/staff/").status_code == 200
    verified_client(root).post(_url(hr))
    held = session.get("/people/staff/")
    assert held.status_code == 302
    assert held["Location"].startswith("/accounts/two-step/setup/")
    hr.set_password(PASSWORD)
    hr.save()
    fresh = VerifiedClient()
    fresh.post("/accounts/login/", {"username": "H0001", "password": PASSWORD})
    assert fresh.get("/admin/")["Location"].startswith("/accounts/two-step/setup/")


def test_an_administrator_by_role_resets_an_hr_officer_but_not_a_superuser(
    verified_client, root, hr
):
    admin = _with_role(roles.ADMINISTRATOR, employee_id="A0001")
    client = verified_client(admin)
    enrol_totp(root)
    assert client.post(_url(root)).status_code == 403
    assert TOTPDevice.objects.filter(user=root).exists()
    assert client.post(_url(hr)).status_code == 302
    assert _devices(hr) == (0, 0)


@pytest.mark.parametrize("role", [roles.HR_OFFICER, roles.TRAINER, roles.REVIEWER])
def test_other_roles_are_refused_and_nothing_is_removed(verified_client, hr, role):
    client = verified_client(_with_role(role))
    assert client.get(_url(hr)).status_code == 403
    assert client.post(_url(hr)).status_code == 403
    assert _devices(hr) == (1, 10)
    assert not AuditEntry.objects.filter(action=Action.OTP_RESET).exists()


def test_a_learner_never_reaches_it(verified_client, hr):
    client = verified_client(StaffMemberFactory().user)
    response = client.post(_url(hr))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert _devices(hr) == (1, 10)


def test_nobody_resets_their_own_second_factor_this_way(verified_client, root):
    enrol_totp(root)
    response = verified_client(root).post(_url(root))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=root).exists()


def test_a_reset_needs_the_csrf_token(root, hr):
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(root)
    assert client.post(_url(hr)).status_code == 403
    assert _devices(hr) == (1, 10)


def test_the_service_refuses_whoever_the_caller(hr):
    trainer = _with_role(roles.TRAINER)
    with pytest.raises(otp.SecondFactorResetRefused):
        otp.reset_second_factor(user=hr, by=trainer)
    assert _devices(hr) == (1, 10)


def test_the_user_list_offers_the_reset_to_an_administrator(verified_client, root, hr):
    body = verified_client(root).get("/admin/users/").content.decode()
    assert _url(hr) in body
    assert _url(root) not in body
