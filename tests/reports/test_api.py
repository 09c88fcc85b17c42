"""The HR API: bearer tokens, scope, keyset pages with signed cursors, audit."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from reports import audit_events
from reports.api.models import ReportToken
from reports.api.tokens import hash_token, issue_token, revoke_token
from tests.reports.exports_world import build_cities

URL = reverse("reports_api:report", kwargs={"name": "staff_list"})


@pytest.fixture
def world(db):
    return build_cities(xian_staff=7, baoji_staff=2)


def _token(department, **options) -> str:
    return issue_token(name="HR system", department=department, **options).secret


def _get(client, token, url=URL, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(url, params, headers=headers)


def test_the_command_prints_the_token_once_and_stores_only_its_hash(world, client):
    out = StringIO()
    call_command(
        "create_report_token", "HR system", "--department", "陕西省/西安市", stdout=out
    )
    token = out.getvalue().split("token: ")[1].split()[0]
    stored = ReportToken.objects.get()
    assert stored.department == world["xian"]
    assert stored.token_hash == hash_token(token)
    assert token not in str(list(ReportToken.objects.values()))
    assert _get(client, token).status_code == 200
    created = AuditEntry.objects.get(action=audit_events.TOKEN_CREATED)
    assert created.details["department"] == "陕西省/西安市"


def test_the_command_refuses_an_unknown_department_and_full_without_purpose(world):
    with pytest.raises(CommandError):
        call_command("create_report_token", "x", "--department", "陕西省/延安市")
    with pytest.raises(CommandError):
        call_command("create_report_token", "x", "--department", "陕西省", "--full")
    assert not ReportToken.objects.exists()


def test_the_command_sets_an_expiry(world):
    call_command(
        "create_report_token",
        "x",
        "--department",
        "陕西省/宝鸡市",
        "--expires",
        "30",
        stdout=StringIO(),
    )
    left = ReportToken.objects.get().expires_at - timezone.now()
    assert timedelta(days=29) < left <= timedelta(days=30)


def test_missing_wrong_expired_and_revoked_tokens_get_401(world, client):
    good = _token(world["xian"])
    expired = issue_token(name="old", department=world["xian"], expires_in_days=1)
    ReportToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = issue_token(name="gone", department=world["xian"])
    revoke_token(token=revoked.token)
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    for token in (None, "nonsense", forged, expired.secret, revoked.secret):
        response = _get(client, token)
        assert response.status_code == 401, token
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["error"]
    basic = client.get(URL, headers={"Authorization": f"Basic {good}"})
    assert basic.status_code == 401
    assert AuditEntry.objects.filter(action=audit_events.TOKEN_REVOKED).count() == 1


def test_a_signed_in_session_is_not_a_token(world, verified_client):
    response = verified_client(world["hr_xian"]).get(URL)
    assert response.status_code == 401


def test_a_token_reads_its_subtree_masked_and_each_read_is_audited(world, client):
    token = _token(world["xian"])
    body = _get(client, token, limit=100).json()
    ids = [row["employee_id"] for row in body["results"]]
    assert ids == [f"XA****{n:02d}" for n in range(1, 8)]
    assert body["identity"] == "masked" and body["next"] is None
    assert body["results"][0]["name"] == "西*****0"
    entry = AuditEntry.objects.get(action=audit_events.API_READ)
    assert entry.details["rows"] == 7 and entry.target_label == "HR system"
    used = ReportToken.objects.get()
    assert used.last_used_at is not None


def test_a_token_granted_the_full_form_reads_names_in_full(world, client):
    token = _token(world["xian"], full_identity=True, purpose="年度考核对接")
    body = _get(client, token).json()
    assert body["identity"] == "full"
    assert body["results"][0]["employee_id"] == "XA000001"


def test_another_citys_department_answers_400_with_nothing(world, client):
    token = _token(world["xian"])
    response = _get(client, token, department=world["baoji"].pk)
    assert response.status_code == 400
    assert response.json()["field"] == "department"
    assert "BJ" not in response.content.decode()
    baoji_token = _token(world["baoji"])
    body = _get(client, baoji_token).content.decode()
    assert "XA" not in body and "西安" not in body


def _walk(client, token, **params):
    response = _get(client, token, **params)
    pages = []
    while True:
        assert response.status_code == 200
        body = response.json()
        pages.append([row["employee_id"] for row in body["results"]])
        if body["next"] is None:
            return pages
        response = client.get(
            body["next"], headers={"Authorization": f"Bearer {token}"}
        )


def test_keyset_pages_hold_every_row_once(world, client):
    token = _token(world["xian"], full_identity=True, purpose="对接")
    pages = _walk(client, token, limit=3)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [i for page in pages for i in page] == world["xian_ids"]


def test_a_row_added_between_pages_is_neither_lost_nor_repeated(world, client):
    from tests.factories.people import StaffMemberFactory

    token = _token(world["xian"], full_identity=True, purpose="对接")
    first = _get(client, token, limit=3).json()
    StaffMemberFactory(employee_id="XA000000", department=world["xian"])
    StaffMemberFactory(employee_id="XA999999", department=world["xian"])
    seen = [row["employee_id"] for row in first["results"]]
    following = first["next"]
    while following:
        page = client.get(following, headers={"Authorization": f"Bearer {token}"})
        seen += [row["employee_id"] for row in page.json()["results"]]
        following = page.json()["next"]
    # XA000000 sorts before the cursor: the next page starts after the last key.
    assert seen == [*world["xian_ids"], "XA999999"]


def test_an_edited_or_foreign_cursor_is_refused(world, client):
    token = _token(world["xian"])
    following = _get(client, token, limit=2).json()["next"]
    cursor = following.split("cursor=")[1]
    edited = cursor[:-3] + ("abc" if not cursor.endswith("abc") else "xyz")
    response = _get(client, token, limit=2, cursor=edited)
    assert response.status_code == 400 and response.json()["field"] == "cursor"
    other_filters = _get(client, token, cursor=cursor, department=world["yanta"].pk)
    assert other_filters.status_code == 400
    other_report = reverse("reports_api:report", kwargs={"name": "other"})
    assert _get(client, token, url=other_report, cursor=cursor).status_code == 404


def test_a_cursor_from_another_citys_token_reads_only_its_own_scope(world, client):
    xian = _token(world["xian"])
    baoji = _token(world["baoji"])
    cursor = _get(client, baoji, limit=1).json()["next"].split("cursor=")[1]
    body = _get(client, xian, limit=1, cursor=cursor).content.decode()
    assert "BJ" not in body


def test_page_size_is_capped(world, client, settings):
    settings.REPORT_API_MAX_PAGE_SIZE = 5
    token = _token(world["xian"])
    assert _get(client, token, limit=6).status_code == 400
    assert _get(client, token, limit=0).status_code == 400
    assert _get(client, token, limit="x").status_code == 400
    assert len(_get(client, token, limit=5).json()["results"]) == 5


def test_an_api_page_costs_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    token = _token(world["xian"])
    with django_assert_max_num_queries(6):
        assert _get(client, token, limit=3).status_code == 200


def test_the_schema_describes_each_registered_report(client, db):
    schema = client.get(reverse("reports_api:schema")).json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/reports/staff_list"]["get"]
    row = operation["responses"]["200"]["content"]["application/json"]["schema"]
    properties = row["properties"]["results"]["items"]["properties"]
    assert properties["joined"]["format"] == "date"
    assert properties["active"]["type"] == "boolean"
    assert properties["hours"]["type"] == "number"
    names = [p["name"] for p in operation["parameters"]]
    assert {"year", "department", "course", "cursor", "limit"} <= set(names)
