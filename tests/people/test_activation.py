"""First sign-in codes: HR issues them on paper, a new staff member redeems one."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEntry
from people import roles
from people.activation import issue_codes, redeem_code
from people.models import ActivationCode
from people.services import ensure_department, grant_hr_scope
from tests.factories.people import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")
PASSWORD = "a long new password 2026"


@pytest.fixture(autouse=True)
def _english(client):
    # Messages are asserted in English; the site speaks Chinese unless asked.
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def _in_english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def xian():
    return ensure_department(path="陕西省/西安市")


@pytest.fixture
def hr(xian):
    user = UserFactory(username="hr-xian")
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=user, department=xian)
    return user


def _newcomer(department, employee_id="XA0100", **kwargs):
    staff = StaffMemberFactory(employee_id=employee_id, department=department, **kwargs)
    staff.user.set_unusable_password()
    staff.user.save()
    return staff


def test_codes_go_only_to_staff_in_scope_without_a_password(hr, xian):
    newcomer = _newcomer(xian)
    StaffMemberFactory(employee_id="XA0101", department=xian)  # has a password
    _newcomer(ensure_department(path="陕西省/宝鸡市"), "BJ0100")
    admin = _newcomer(xian, "XA0102")
    admin.user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    issued = issue_codes(issued_by=hr, days=14)
    assert [item.staff for item in issued] == [newcomer]
    assert CODE.fullmatch(issued[0].code)
    stored = ActivationCode.objects.get()
    assert issued[0].code not in stored.code_hash
    assert (
        AuditEntry.objects.filter(action="people.activation_codes_issued").count() == 1
    )


def test_a_code_sets_the_password_once(hr, xian):
    newcomer = _newcomer(xian)
    (item,) = issue_codes(issued_by=hr, days=14)
    typed = item.code.lower().replace("-", " ")
    user = redeem_code(employee_id="ＸＡ０１００", code=typed, password=PASSWORD)
    assert user == newcomer.user
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    again = redeem_code(employee_id="XA0100", code=item.code, password="other pw 123")
    assert again is None
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="people.account_activated").count() == 1


def test_a_code_does_not_work_for_another_person_or_after_expiry(hr, xian):
    _newcomer(xian)
    other = _newcomer(xian, "XA0200")
    items = {item.staff.employee_id: item for item in issue_codes(issued_by=hr, days=1)}
    assert (
        redeem_code(employee_id="XA0200", code=items["XA0100"].code, password=PASSWORD)
        is None
    )
    ActivationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert (
        redeem_code(employee_id="XA0200", code=items["XA0200"].code, password=PASSWORD)
        is None
    )
    other.user.refresh_from_db()
    assert not other.user.has_usable_password()


def test_issuing_again_replaces_the_unused_code(hr, xian):
    _newcomer(xian)
    (first,) = issue_codes(issued_by=hr, days=14)
    (second,) = issue_codes(issued_by=hr, days=14)
    assert redeem_code(employee_id="XA0100", code=first.code, password=PASSWORD) is None
    assert redeem_code(employee_id="XA0100", code=second.code, password=PASSWORD)


def test_hr_issues_codes_on_a_printable_page(verified_client, hr, xian):
    _newcomer(xian, name="新同事")
    client = _in_english(verified_client(hr))
    page = client.get(reverse("people:activation_codes")).content.decode()
    assert "1 staff member in your departments has no password yet" in page
    response = client.post(reverse("people:activation_codes"), {"days": "14"})
    body = response.content.decode()
    assert "新同事" in body and "陕西省/西安市" in body
    assert CODE.search(body)
    assert response["Cache-Control"].startswith("max-age=0")


def test_hr_cannot_issue_codes_valid_for_a_year(verified_client, hr, xian):
    _newcomer(xian)
    response = verified_client(hr).post(
        reverse("people:activation_codes"), {"days": "365"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ActivationCode.objects.exists()


def test_the_staff_member_sets_a_password_and_signs_in_with_the_employee_id(
    client, hr, xian
):
    _newcomer(xian)
    (item,) = issue_codes(issued_by=hr, days=14)
    response = client.post(
        reverse("activate"),
        {
            "employee_id": "XA0100",
            "code": item.code,
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("login")
    response = client.post(
        reverse("login"), {"username": "XA0100", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "XA0100"


def test_a_wrong_code_says_so_and_changes_nothing(client, hr, xian):
    newcomer = _newcomer(xian)
    issue_codes(issued_by=hr, days=14)
    response = client.post(
        reverse("activate"),
        {
            "employee_id": "XA0100",
            "code": "AAAA-BBBB-CCCC",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "do not match a valid code" in response.content.decode()
    newcomer.user.refresh_from_db()
    assert not newcomer.user.has_usable_password()


def test_guessing_codes_is_rate_limited(client, hr, xian, settings):
    settings.ACTIVATION_RATE_PER_MINUTE = 3
    _newcomer(xian)
    (item,) = issue_codes(issued_by=hr, days=14)
    guess = {
        "employee_id": "XA0100",
        "new_password1": PASSWORD,
        "new_password2": PASSWORD,
    }
    for attempt in range(3):
        client.post(
            reverse("activate"), {**guess, "code": f"AAAA-BBBB-CCC{attempt + 2}"}
        )
    response = client.post(reverse("activate"), {**guess, "code": item.code})
    assert response.status_code == 429
    assert ActivationCode.objects.get().used_at is None


def test_mismatched_passwords_are_refused(client, hr, xian):
    _newcomer(xian)
    (item,) = issue_codes(issued_by=hr, days=14)
    response = client.post(
        reverse("activate"),
        {
            "employee_id": "XA0100",
            "code": item.code,
            "new_password1": PASSWORD,
            "new_password2": "x",
        },
    )
    assert "The two passwords differ." in response.content.decode()
    assert ActivationCode.objects.get().used_at is None
