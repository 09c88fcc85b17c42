"""Administrators make and revoke the HR system's tokens in the Wagtail admin."""

import re

from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import AuditEntry
from reports import audit_events
from reports.api.models import ReportToken
from reports.api.tokens import hash_token
from tests.reports.exports_world import administrator

API = reverse("reports_api:report", kwargs={"name": "staff_list"})


def test_an_administrator_creates_a_token_shown_once(cities, verified_client):
    client = verified_client(administrator())
    response = client.post(
        reverse("reporttoken:add"),
        {"name": "人事系统", "department": cities["xian"].pk, "purpose": ""},
    )
    assert response.status_code == 302
    stored = ReportToken.objects.get()
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    secret = re.search(r"rpt_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", messages).group()
    assert stored.token_hash == hash_token(secret)
    assert stored.created_by is not None
    api = client.get(API, headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert secret in client.get(response["Location"]).content.decode()
    assert secret not in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action=audit_events.TOKEN_CREATED).exists()


def test_full_identity_needs_a_purpose(cities, verified_client):
    client = verified_client(administrator())
    response = client.post(
        reverse("reporttoken:add"),
        {"name": "x", "department": cities["xian"].pk, "full_identity": "on"},
    )
    assert response.status_code == 200
    assert not ReportToken.objects.exists()


def test_an_administrator_revokes_a_token(cities, verified_client):
    from reports.api.tokens import issue_token

    issued = issue_token(name="old", department=cities["xian"])
    client = verified_client(administrator())
    response = client.post(
        reverse("reporttoken:edit", args=[issued.token.pk]),
        {"name": "old", "revoke": "on"},
    )
    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    api = client.get(API, headers={"Authorization": f"Bearer {issued.secret}"})
    assert api.status_code == 401
    assert AuditEntry.objects.filter(action=audit_events.TOKEN_REVOKED).exists()


def test_hr_officers_cannot_reach_the_tokens(cities, verified_client):
    client = verified_client(cities["hr_xian"])
    response = client.get(reverse("reporttoken:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
