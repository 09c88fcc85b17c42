"""Staff members in the Wagtail admin, limited to the officer's departments."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from people import roles
from people.models import Grade, Position, StaffMember
from people.services import ensure_department, grant_hr_scope
from tests.factories.people import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    xian = ensure_department(path="陕西省/西安市")
    baoji = ensure_department(path="陕西省/宝鸡市")
    officer = UserFactory(username="hr-admin-xian")
    officer.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=officer, department=xian)
    return {
        "xian": xian,
        "baoji": baoji,
        "officer": officer,
        "local": StaffMemberFactory(name="西安职员", department=xian),
        "remote": StaffMemberFactory(name="宝鸡职员", department=baoji),
    }


def _form(staff, **changes):
    data = {
        "employee_id": staff.employee_id,
        "name": staff.name,
        "department": staff.department_id,
        "position": staff.position_id,
        "grade": staff.grade_id,
        "email": staff.email,
        "is_active": "on" if staff.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_officer_lists_only_staff_in_scope(client, org):
    client.force_login(org["officer"])
    body = client.get(reverse("staffmember:index")).content.decode()
    assert "西安职员" in body
    assert "宝鸡职员" not in body


def test_officer_cannot_open_or_edit_staff_of_another_city(client, org):
    client.force_login(org["officer"])
    remote = org["remote"]
    assert client.get(reverse("staffmember:edit", args=[remote.pk])).status_code == 404
    response = client.post(
        reverse("staffmember:edit", args=[remote.pk]), _form(remote, name="改名")
    )
    assert response.status_code == 404
    assert (
        client.get(reverse("staffmember:history", args=[remote.pk])).status_code == 404
    )
    remote.refresh_from_db()
    assert remote.name == "宝鸡职员"


def test_officer_cannot_move_staff_into_another_city(client, org):
    client.force_login(org["officer"])
    local = org["local"]
    page = client.get(reverse("staffmember:edit", args=[local.pk])).content.decode()
    assert "宝鸡市" not in page
    client.post(
        reverse("staffmember:edit", args=[local.pk]),
        _form(local, department=org["baoji"].pk),
    )
    local.refresh_from_db()
    assert local.department == org["xian"]


def test_deactivating_staff_in_the_admin_locks_their_account(client, org):
    client.force_login(org["officer"])
    local = org["local"]
    response = client.post(
        reverse("staffmember:edit", args=[local.pk]),
        _form(local, is_active="", email="new@example.cn"),
    )
    assert response.status_code == 302
    local.refresh_from_db()
    local.user.refresh_from_db()
    assert not local.is_active and not local.user.is_active
    assert local.user.email == "new@example.cn"


def test_officer_adds_a_staff_member_with_a_new_account(client, org):
    client.force_login(org["officer"])
    response = client.post(
        reverse("staffmember:add"),
        {
            "employee_id": "N0001",
            "name": "新人",
            "department": org["xian"].pk,
            "position": Position.objects.get_or_create(name="科员")[0].pk,
            "grade": Grade.objects.get(code="staff-2").pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    staff = StaffMember.objects.get(employee_id="N0001")
    assert staff.user.username == "N0001"
    assert not staff.user.has_usable_password()


def test_learner_cannot_reach_the_staff_admin(client, org):
    client.force_login(org["local"].user)
    response = client.get(reverse("staffmember:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
