"""Exports of any registered report: the formats opened for real, masking, escaping, scope."""

import csv
import io
import json

import pandas as pd
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEntry
from people.models import Position, StaffMember
from reports import audit_events

URL = reverse("exports:export", kwargs={"name": "staff_list"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _csv_rows(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_is_utf8_with_a_bom_masked_in_scope_and_audited(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:3] == ["工号", "姓名", "部门"]
    assert [row[0] for row in rows] == ["XA****01", "XA****02", "XA****03"]
    assert rows[0][1] == "西*****0"
    assert rows[0][5] == "是"
    entry = AuditEntry.objects.get(action=audit_events.EXPORTED)
    assert entry.actor_id == cities["hr_xian"].pk
    assert entry.details["rows"] == 3
    assert entry.details["identity"] == "masked"
    assert entry.details["format"] == "csv"
    assert entry.scope == cities["xian"].tree_path


def test_xlsx_has_translated_frozen_headers_widths_and_real_dates(
    cities, verified_client
):
    client = verified_client(cities["hr_xian"])
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    content = _body(response)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]][:2] == ["Employee ID", "Name"]
    assert sheet.freeze_panes == "A2"
    assert 11 < sheet.column_dimensions["A"].width < 14
    joined = sheet["E2"].value
    assert (
        joined.date()
        # The site's day (Asia/Shanghai), which after 16:00 UTC is tomorrow's.
        == timezone.localtime(
            StaffMember.objects.get(employee_id="XA000001").created_at
        ).date()
    )
    assert sheet["G2"].value == 1.5
    frame = pd.read_excel(io.BytesIO(content))
    assert list(frame["Employee ID"]) == ["XA****01", "XA****02", "XA****03"]
    assert list(frame["Active"]) == ["Yes"] * 3


def test_json_is_an_array_of_objects_keyed_by_column(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    response = client.get(URL, {"format": "json"})
    rows = json.loads(_body(response))
    assert [row["employee_id"] for row in rows] == ["XA****01", "XA****02", "XA****03"]
    assert rows[0]["active"] is True
    assert rows[0]["hours"] == 1.5
    assert rows[1]["department"] == "雁塔区"
    assert len(rows[0]["joined"]) == 10  # an ISO date


def test_the_full_form_needs_a_purpose_that_the_audit_log_keeps(
    cities, verified_client
):
    client = verified_client(cities["hr_xian"])
    refused = client.post(URL, {"format": "csv", "identity": "full", "purpose": " "})
    assert refused.status_code == 400
    assert not AuditEntry.objects.filter(action=audit_events.EXPORTED).exists()
    purpose = "2026年度考核"
    response = client.post(
        URL, {"format": "csv", "identity": "full", "purpose": purpose}
    )
    _header, *rows = _csv_rows(response)
    assert [row[0] for row in rows] == cities["xian_ids"]
    assert rows[0][1] == "西安员工000"
    entry = AuditEntry.objects.get(action=audit_events.EXPORTED)
    assert entry.details["identity"] == "full"
    assert entry.details["purpose"] == purpose


def test_a_get_cannot_ask_for_the_full_form(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    response = client.get(URL, {"format": "csv", "identity": "full"})
    _header, *rows = _csv_rows(response)
    assert rows[0][0] == "XA****01"


def test_every_format_escapes_formulas(cities, verified_client):
    formula = Position.objects.create(name='=HYPERLINK("http://x","y")')
    StaffMember.objects.filter(employee_id="XA000001").update(position=formula)
    client = verified_client(cities["hr_xian"])
    _header, first, *_rest = _csv_rows(client.get(URL, {"format": "csv"}))
    assert first[3] == "'" + formula.name
    sheet = load_workbook(io.BytesIO(_body(client.get(URL, {"format": "xlsx"})))).active
    assert sheet["D2"].data_type == "s"
    assert sheet["D2"].value == "'" + formula.name
    rows = json.loads(_body(client.get(URL, {"format": "json"})))
    assert rows[0]["position"] == "'" + formula.name


def test_another_citys_department_is_refused_with_nothing(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    for format in ("csv", "xlsx", "json"):
        response = client.get(URL, {"format": format, "department": cities["baoji"].pk})
        assert response.status_code == 400
        body = response.content.decode()
        assert "BJ000001" not in body and "宝鸡员工" not in body
    assert not AuditEntry.objects.filter(action=audit_events.EXPORTED).exists()


def test_each_officer_exports_only_their_own_city(cities, verified_client):
    client = verified_client(cities["hr_baoji"])
    for format in ("csv", "json", "xlsx"):
        content = _body(client.get(URL, {"format": format}))
        if format == "xlsx":
            sheet = load_workbook(io.BytesIO(content)).active
            content = "\n".join(str(c.value) for row in sheet for c in row).encode()
        text = content.decode("utf-8")
        assert "BJ****01" in text
        assert "XA" not in text and "西安" not in text


def test_a_subtree_filter_keeps_to_it(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    response = client.get(URL, {"format": "csv", "department": cities["yanta"].pk})
    _header, *rows = _csv_rows(response)
    assert [row[0] for row in rows] == ["XA****02"]


def test_bad_filters_and_unknown_reports_answer_clearly(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    assert client.get(URL, {"format": "csv", "year": "x"}).status_code == 400
    assert client.get(URL, {"format": "pdf"}).status_code == 400
    missing = reverse("exports:export", kwargs={"name": "nothing"})
    assert client.get(missing).status_code == 404


def test_the_form_page_names_the_filters(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    response = client.get(URL, {"department": cities["yanta"].pk, "year": 2026})
    assert response.status_code == 200
    body = response.content.decode()
    assert "陕西省/西安市/雁塔区" in body
    assert 'name="purpose"' in body


def test_learners_cannot_export(cities, verified_client):
    learner = StaffMember.objects.get(employee_id="XA000001").user
    response = verified_client(learner).get(URL, {"format": "csv"})
    assert response.status_code == 403


def test_a_streamed_export_costs_a_fixed_number_of_queries(
    cities, verified_client, django_assert_max_num_queries
):
    client = verified_client(cities["hr_xian"])
    with django_assert_max_num_queries(12):
        _body(client.get(URL, {"format": "csv"}))
