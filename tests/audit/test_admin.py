"""Administrators read, filter and export the audit log in the admin; nobody else."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from audit.actions import Action
from audit.models import AuditEntry
from audit.services import Target, record_event
from people import roles
from people.services import grant_role
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/audit-log/"


@pytest.fixture
def entries():
    record_event(
        action=Action.ROSTER_IMPORTED,
        actor=UserFactory(username="hr-xian"),
        target=Target(type="people.rosterimport", id="3", label="=cmd|' /C calc'!A0"),
        scope="陕西省/西安市",
        address="10.0.0.1",
    )
    record_event(
        action=Action.LOGIN_FAILED,
        target=Target(type="auth.username", label="+lisi"),
        address="10.0.0.2",
    )
    AuditEntry.objects.create(
        action=Action.LOGIN,
        actor_label="old-login",
        time=timezone.now() - timedelta(days=40),
    )


def _user_with(role):
    user = UserFactory()
    grant_role(user=user, role=role)
    return user


def test_an_administrator_sees_the_entries(client, entries):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "hr-xian" in body and "陕西省/西安市" in body and "10.0.0.2" in body
    assert "Audit log" in body or "审计日志" in body


def test_an_administrator_by_role_sees_the_entries(client, entries):
    # Not a superuser: the Administrator group holds audit.view_auditentry
    # through audit/roles.py.
    client.force_login(_user_with(roles.ADMINISTRATOR))
    response = client.get(URL)
    assert response.status_code == 200
    assert "hr-xian" in response.content.decode()


@pytest.mark.parametrize("role", [roles.HR_OFFICER, roles.TRAINER, roles.REVIEWER])
def test_other_roles_are_refused(client, entries, role):
    client.force_login(_user_with(role))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?export=csv").status_code == 403
    assert client.get(URL + "results/").status_code == 403


def test_a_learner_never_reaches_it(client, entries):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_filters_by_action_actor_and_date(client, entries):
    client.force_login(UserFactory(username="root", is_superuser=True))
    body = client.get(URL, {"action": Action.LOGIN_FAILED}).content.decode()
    assert "+lisi" in body and "hr-xian" not in body
    body = client.get(URL, {"actor": "hr-"}).content.decode()
    assert "hr-xian" in body and "+lisi" not in body
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    body = client.get(URL, {"time_from": since}).content.decode()
    assert "hr-xian" in body and "old-login" not in body


def test_csv_export_escapes_formulas(client, entries):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'+lisi" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_xlsx_export_writes_formulas_as_text(client, entries):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'=cmd|' /C calc'!A0" in [cell.value for cell in cells]


def test_there_is_no_way_to_edit_or_delete_in_the_admin(client, entries):
    client.force_login(UserFactory(username="root", is_superuser=True))
    pk = AuditEntry.objects.first().pk
    for path in [f"{URL}{pk}/", f"{URL}{pk}/edit/", f"{URL}{pk}/delete/", f"{URL}add/"]:
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert client.post(URL).status_code == 405
    assert AuditEntry.objects.count() == 4  # the three entries and root's own sign-in
