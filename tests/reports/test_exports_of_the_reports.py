"""The real reports (reports-core's) through the exports and the API: the same rows.

Uses the hand-built organisation of ``conftest.org`` (year 2025): the 西安市
officer's export and a 西安市 token's API pages must hold the same rows,
masked alike, and nothing of 宝鸡市.
"""

import csv
import io
import json
import re

import pandas as pd
import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, settings

from lms.wsgi import application
from reports.api.schema import openapi
from reports.api.tokens import issue_token
from tests.reports.exports_world import wsgi_in_test_transaction
from tests.reports.test_api_schema import CHECKS

__all__ = ["wsgi_in_test_transaction"]  # a fixture, used by name

YEAR = "2025"


def _export(client, name, format, **params):
    url = reverse("exports:export", kwargs={"name": name})
    response = client.get(url, {"format": format, "year": YEAR, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _api_rows(client, name, token, limit):
    url = reverse("reports_api:report", kwargs={"name": name})
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get(url, {"year": YEAR, "limit": limit}, headers=headers)
    rows = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if body["next"] is None:
            return rows
        response = client.get(body["next"], headers=headers)


@pytest.mark.parametrize("name", ["annual", "completions"])
def test_the_api_pages_hold_the_rows_of_the_json_export(
    org, client, verified_client, name
):
    exported = json.loads(_export(verified_client(org.officers["xian"]), name, "json"))
    token = issue_token(name="HR", department=org.departments["xian"]).secret
    paged = _api_rows(client, name, token, limit=2)
    assert paged == exported
    assert len(exported) > 2
    text = json.dumps(exported, ensure_ascii=False)
    assert "BJ" not in text and "庚" not in text
    assert all(re.fullmatch(r"X\*{4}\d", row["employee_id"]) for row in exported)


def test_the_completion_xlsx_opens_with_pandas_masked_in_scope(org, verified_client):
    content = _export(verified_client(org.officers["xian"]), "completions", "xlsx")
    frame = pd.read_excel(io.BytesIO(content))
    assert len(frame) == 8  # 甲 2, 乙 2, 丙, 丁, 戊, 己's withdrawn one
    assert frame["工号"].str.contains(r"\*").all()
    assert not frame["工号"].str.startswith("BJ").any()


def test_the_annual_csv_of_another_city_holds_only_its_staff(org, verified_client):
    content = _export(verified_client(org.officers["baoji"]), "annual", "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2  # the header and 庚
    assert "XA" not in content.decode("utf-8-sig")


schema = schemathesis.openapi.from_dict(openapi("/api/reports/"))


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_reports_answer_within_their_schema_on_real_figures(
    case, org, wsgi_in_test_transaction
):
    token = issue_token(name="fuzz", department=org.departments["xian"]).secret
    case.query = {**(case.query or {}), "year": YEAR}
    case.call_and_validate(
        app=application, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
    )
