"""Wagtail's admin keeps to the officer's departments, not only to model permissions.

The attack: the HR officer of 宝鸡市 edits a 宝鸡市 staff member in the admin,
which Wagtail logs; the HR officer of 西安市 then opens the site-history
report and its CSV and XLSX exports, and pings an editing session on the
宝鸡市 record, looking for 宝鸡市 names and employee IDs.
"""

import csv
import importlib
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

from people import roles
from people.models import StaffMember
from people.services import ensure_department, grant_hr_scope, grant_role
from tests.factories.people import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


def _officer(username, department):
    officer = StaffMemberFactory(
        employee_id=username.upper(),
        name=f"{department.name}人事",
        department=department,
    ).user
    grant_role(user=officer, role=roles.HR_OFFICER)
    grant_hr_scope(user=officer, department=department)
    return officer


@pytest.fixture
def org():
    xian = ensure_department(path="陕西省/西安市")
    baoji = ensure_department(path="陕西省/宝鸡市")
    return {
        "hr_xian": _officer("hrxian", xian),
        "hr_baoji": _officer("hrbaoji", baoji),
        "local": StaffMemberFactory(
            employee_id="XA7002", name="西安职员乙", department=xian
        ),
        "remote": StaffMemberFactory(
            employee_id="BJ7001", name="宝鸡职员甲", department=baoji
        ),
    }


def _edit_in_admin(client, staff, **changes):
    data = {
        "employee_id": staff.employee_id,
        "name": staff.name,
        "department": staff.department_id,
        "position": staff.position_id,
        "grade": staff.grade_id,
        "email": "new@example.cn",
        "is_active": "on",
        **changes,
    }
    response = client.post(reverse("staffmember:edit", args=[staff.pk]), data)
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def edited(org, verified_client):
    """Each officer edits a staff member of their own city, as Wagtail logs it."""
    _edit_in_admin(verified_client(org["hr_baoji"]), org["remote"])
    _edit_in_admin(verified_client(org["hr_xian"]), org["local"])
    return org


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def _xlsx_text(response) -> str:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = workbook.active.iter_rows(values_only=True)
    return "\n".join(" ".join(str(value) for value in row if value) for row in cells)


def _assert_only_xian(text: str):
    assert "西安职员乙" in text and "XA7002" in text
    assert "宝鸡职员甲" not in text and "BJ7001" not in text
    assert "宝鸡市人事" not in text and "HRBAOJI" not in text


def test_the_edits_are_logged_where_the_scope_applies(edited):
    from lms.admin_scope import ScopedLogEntry

    staff_type = ContentType.objects.get_for_model(StaffMember)
    assert ScopedLogEntry.objects.filter(content_type=staff_type).count() == 2
    assert not ModelLogEntry.objects.filter(content_type=staff_type).exists()


def test_site_history_shows_an_officer_only_their_departments(edited, verified_client):
    client = verified_client(edited["hr_xian"])
    page = client.get(SITE_HISTORY)
    assert page.status_code == 200
    _assert_only_xian(_text(page))
    results = client.get(SITE_HISTORY + "results/")
    _assert_only_xian(_text(results))


def test_site_history_exports_hold_only_the_officers_departments(
    edited, verified_client
):
    client = verified_client(edited["hr_xian"])
    exported = _text(client.get(SITE_HISTORY + "?export=csv"))
    rows = list(csv.reader(io.StringIO(exported)))
    assert len(rows) == 2  # the heading and the 西安市 edit
    _assert_only_xian(exported)
    _assert_only_xian(_xlsx_text(client.get(SITE_HISTORY + "?export=xlsx")))


def test_site_history_filters_name_no_one_out_of_scope(edited, verified_client):
    client = verified_client(edited["hr_xian"])
    # The user filter lists everyone who made a visible entry.
    searched = _text(client.get(SITE_HISTORY + "?label=宝鸡"))
    assert "BJ7001" not in searched and "宝鸡市人事" not in searched


def test_an_administrator_still_sees_every_entry(edited, verified_client):
    admin = UserFactory(username="root", is_superuser=True)
    text = _text(verified_client(admin).get(SITE_HISTORY + "?export=csv"))
    assert "BJ7001" in text and "XA7002" in text


def test_an_officer_cannot_open_an_editing_session_on_another_city(
    edited, verified_client
):
    client = verified_client(edited["hr_xian"])
    remote = edited["remote"]
    ping = f"/admin/editing-sessions/ping/people/staffmember/{remote.pk}/0/"
    assert client.post(ping).status_code == 404
    local = edited["local"]
    ping = f"/admin/editing-sessions/ping/people/staffmember/{local.pk}/0/"
    assert client.post(ping).status_code == 200


def test_staff_permissions_are_per_record(edited):
    policy = policy_registry.get_by_type(StaffMember)
    officer = edited["hr_xian"]
    assert policy.user_has_permission_for_instance(officer, "change", edited["local"])
    assert not policy.user_has_permission_for_instance(
        officer, "change", edited["remote"]
    )
    visible = policy.instances_user_has_permission_for(officer, "change")
    assert edited["local"] in visible and edited["remote"] not in visible


def test_history_logged_before_the_scope_moves_to_the_scoped_table(org):
    from django.apps import apps

    from lms.admin_scope import ScopedLogEntry

    migration = importlib.import_module("lms.migrations.0002_scopedlogentry")
    remote, position = org["remote"], org["remote"].position
    ModelLogEntry.objects.log_action(remote, "wagtail.edit", user=org["hr_baoji"])
    ModelLogEntry.objects.log_action(position, "wagtail.edit")

    migration.move_scoped_history(apps, None)

    moved = ScopedLogEntry.objects.get()
    assert (moved.object_id, moved.label) == (str(remote.pk), "宝鸡职员甲 (BJ7001)")
    assert moved.user == org["hr_baoji"]
    assert list(ModelLogEntry.objects.values_list("object_id", flat=True)) == [
        str(position.pk)
    ]
