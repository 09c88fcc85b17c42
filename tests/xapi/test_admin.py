"""LRS clients managed in the Wagtail admin."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from people import roles
from tests.factories.people import UserFactory
from xapi.models import Client

from .conftest import basic

pytestmark = pytest.mark.django_db


def test_administrator_creates_a_client_and_sees_its_secret_once(client):
    admin = UserFactory(username="lrs-admin")
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    client.force_login(admin)
    response = client.post(
        reverse("lrsclient:add"),
        {
            "name": "省级培训平台",
            "scopes": ["statements/write", "statements/read"],
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    key, secret = re.search(r"密钥编号：(\w+)，密钥：([\w-]+)", text).groups()
    created = Client.objects.get(key=key)
    assert created.scopes == ["statements/write", "statements/read"]
    assert secret not in created.secret_hash
    about = client.get(
        "/xapi/statements",
        HTTP_AUTHORIZATION=basic(key, secret),
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert about.status_code == 200
    # The edit page never shows the secret again.
    edit = client.get(reverse("lrsclient:edit", args=[created.pk])).content.decode()
    assert secret not in edit


def test_hr_officer_cannot_manage_clients(client):
    officer = UserFactory(username="hr-no-lrs")
    officer.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    client.force_login(officer)
    response = client.get(reverse("lrsclient:index"))
    assert response.status_code in (302, 403)
    assert not Client.objects.exists()
