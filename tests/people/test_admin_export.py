"""The staff listing's CSV/XLSX export: real columns, masked, in scope, audited."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.actions import Action
from audit.models import AuditEntry
from people import roles
from people.models import Position
from people.services import ensure_department, grant_hr_scope, grant_role
from tests.factories.people import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("staffmember:index")


@pytest.fixture
def org():
    xian = ensure_department(path="陕西省/西安市/雁塔区")
    baoji = ensure_department(path="陕西省/宝鸡市")
    officer = StaffMemberFactory(
        employee_id="HR000001", name="陈静", department=xian.parent
    ).user
    grant_role(user=officer, role=roles.HR_OFFICER)
    grant_hr_scope(user=officer, department=xian.parent)
    StaffMemberFactory(
        employee_id="61010001",
        name="张小明",
        department=xian,
        position=Position.objects.create(name='=HYPERLINK("http://evil.test")'),
    )
    StaffMemberFactory(
        employee_id="61010002", name="@SUM(1)", department=xian, is_active=False
    )
    StaffMemberFactory(employee_id="61030009", name="宝鸡人", department=baoji)
    return officer


def _csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="staff-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_listing_offers_the_export(client, org):
    client.force_login(org)
    page = client.get(INDEX).content.decode()
    assert "export=csv" in page and "export=xlsx" in page


def test_an_officer_downloads_masked_rows_of_their_departments(client, org):
    client.force_login(org)
    rows = _csv_rows(client.get(INDEX + "?export=csv"))
    assert rows[0] == ["工号", "姓名", "部门", "职务", "职级", "在职"]
    body = {row[0]: row[1:] for row in rows[1:]}
    assert set(body) == {"HR****01", "61****01", "61****02"}
    assert body["61****01"] == [
        "张*明",
        "陕西省/西安市/雁塔区",
        '\'=HYPERLINK("http://evil.test")',
        "一级科员",
        "是",
    ]
    assert body["61****02"][0] == "'@*****)"
    assert body["61****02"][-1] == "否"
    assert body["HR****01"][:2] == ["陈*", "陕西省/西安市"]


def test_the_xlsx_export_holds_the_same_rows(client, org):
    client.force_login(org)
    rows = _xlsx_rows(client.get(INDEX + "?export=xlsx"))
    assert rows[0] == ["工号", "姓名", "部门", "职务", "职级", "在职"]
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "张*明" in flat and "'=HYPERLINK" in flat
    assert "张小明" not in flat and "61010001" not in flat
    assert "宝鸡" not in flat and "6103" not in flat
    assert len(rows) == 4


def test_a_search_narrows_the_export(client, org):
    client.force_login(org)
    rows = _csv_rows(client.get(INDEX + "?q=张小明&export=csv"))
    assert [row[0] for row in rows[1:]] == ["61****01"]


def test_every_export_is_in_the_audit_log(client, org):
    client.force_login(org)
    client.get(INDEX + "?export=csv")
    client.get(INDEX + "?is_active=true&export=xlsx")
    entries = AuditEntry.objects.filter(action=Action.STAFF_EXPORTED).order_by("pk")
    assert [(e.actor, e.details["format"], e.details["rows"]) for e in entries] == [
        (org, "csv", 3),
        (org, "xlsx", 2),
    ]
    assert entries[1].details["filters"] == {"is_active": "true"}
    assert entries[0].scope == "陕西省/西安市" and entries[0].details["masked"]


def test_an_administrator_exports_everyone_still_masked(client, org):
    client.force_login(UserFactory(username="root", is_superuser=True))
    rows = _csv_rows(client.get(INDEX + "?export=csv"))
    assert {row[0] for row in rows[1:]} == {
        "HR****01",
        "61****01",
        "61****02",
        "61****09",
    }
    assert AuditEntry.objects.get(action=Action.STAFF_EXPORTED).scope == ""


def test_a_learner_cannot_export(client, org):
    learner = StaffMemberFactory(employee_id="L0000001").user
    client.force_login(learner)
    response = client.get(INDEX + "?export=csv")
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=Action.STAFF_EXPORTED).exists()
