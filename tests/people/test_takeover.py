"""Issue 11, hole 1: an HR officer tried to take over a superuser's account.

The attack: ``createsuperuser`` makes ``root`` (no staff record); an HR
officer imports a row whose employee ID is ``root`` with their own address,
or adds a staff member ``root`` in the admin, then asks for a password reset
to that address. With 在职=否 the same row locked the administrator out.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from people import roles
from people.models import Grade, Position, RosterImport, StaffMember
from people.services import ensure_department, grant_hr_scope
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

ATTACK_ROW = "root,攻击者,陕西省/西安市,科员,一级科员,attacker@evil.test,否\n"


@pytest.fixture
def root(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Root-Password-4711")
    call_command(
        "createsuperuser",
        interactive=False,
        username="root",
        email="root@example.cn",
        verbosity=0,
    )
    return get_user_model().objects.get(username="root")


@pytest.fixture
def officer():
    user = UserFactory(username="hr-attacker")
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=user, department=ensure_department(path="陕西省/西安市"))
    return user


def assert_untouched(root):
    root.refresh_from_db()
    assert root.email == "root@example.cn"
    assert root.is_active and root.check_password("Root-Password-4711")
    assert not StaffMember.objects.filter(user=root).exists()
    assert not StaffMember.objects.filter(employee_id="root").exists()


def test_roster_import_cannot_take_over_a_superuser(
    client, root, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    upload = SimpleUploadedFile(
        "名单.csv", ("工号,姓名,部门,职务,职级,邮箱,在职\n" + ATTACK_ROW).encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:roster_upload"), {"file": upload})
    page = client.get(response["Location"]).content.decode()

    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.REJECTED
    assert [(e["line"], e["column"]) for e in record.summary["errors"]] == [
        (2, "employee_id")
    ]
    assert "root" in record.summary["errors"][0]["message"]
    assert "<td>2</td>" in page
    # Confirming the rejected upload imports nothing either.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(response["Location"])
    assert not callbacks
    client.logout()
    client.post(reverse("password_reset"), {"email": "attacker@evil.test"})
    assert not mail.outbox
    assert_untouched(root)


def test_admin_form_cannot_take_over_a_superuser(client, root, officer):
    client.force_login(officer)
    response = client.post(
        reverse("staffmember:add"),
        {
            "employee_id": "root",
            "name": "攻击者",
            "department": ensure_department(path="陕西省/西安市").pk,
            "position": Position.objects.get_or_create(name="科员")[0].pk,
            "grade": Grade.objects.get(code="staff-2").pk,
            "email": "attacker@evil.test",
        },
    )

    assert response.status_code == 200
    assert "employee_id" in response.context["form"].errors
    assert_untouched(root)


def test_admin_form_cannot_change_an_administrators_account(client, officer):
    chief = UserFactory(username="chief", email="chief@example.cn", is_superuser=True)
    xian = ensure_department(path="陕西省/西安市")
    staff = StaffMember.objects.create(
        user=chief,
        employee_id="A0001",
        name="首长",
        department=xian,
        position=Position.objects.get_or_create(name="科员")[0],
        grade=Grade.objects.get(code="staff-2"),
        email="chief@example.cn",
    )
    client.force_login(officer)
    response = client.post(
        reverse("staffmember:edit", args=[staff.pk]),
        {
            "name": "首长",
            "department": xian.pk,
            "position": staff.position_id,
            "grade": staff.grade_id,
            "email": "attacker@evil.test",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    chief.refresh_from_db()
    assert chief.email == "chief@example.cn" and chief.is_active
