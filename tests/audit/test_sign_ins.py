"""Sign-ins, failed sign-ins and lock-outs are recorded with the client address."""

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import AuditEntry
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _login(client, username, password, address="198.51.100.7"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_sign_in_is_recorded_with_its_user_and_address(client):
    user = UserFactory(username="zhangsan", password=PASSWORD)
    assert _login(client, "zhangsan", PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action=Action.LOGIN)
    assert entry.actor == user and entry.actor_label == "zhangsan"
    assert entry.address == "198.51.100.7"


def test_a_failed_sign_in_is_recorded_with_the_name_tried(client):
    UserFactory(username="zhangsan", password=PASSWORD)
    _login(client, "zhangsan", "wrong")
    _login(client, "nobody", "wrong")
    entries = AuditEntry.objects.filter(action=Action.LOGIN_FAILED)
    assert sorted(entries.values_list("target_label", flat=True)) == [
        "nobody",
        "zhangsan",
    ]
    assert {entry.actor for entry in entries} == {None}
    assert set(entries.values_list("address", flat=True)) == {"198.51.100.7"}
    assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()


def test_a_lock_out_is_recorded(client):
    UserFactory(username="zhangsan", password=PASSWORD)
    for _attempt in range(5):
        _login(client, "zhangsan", "wrong")
    assert _login(client, "zhangsan", PASSWORD).status_code == 429
    locked = AuditEntry.objects.filter(action=Action.LOCKED_OUT)
    assert locked.exists()
    assert set(locked.values_list("target_label", flat=True)) == {"zhangsan"}
    assert set(locked.values_list("address", flat=True)) == {"198.51.100.7"}


def test_a_sign_out_is_recorded(client):
    user = UserFactory(username="zhangsan", password=PASSWORD)
    _login(client, "zhangsan", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="198.51.100.7")
    entry = AuditEntry.objects.get(action=Action.LOGOUT)
    assert entry.actor == user and entry.address == "198.51.100.7"
