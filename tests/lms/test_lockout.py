"""Hole 9: nobody elsewhere can lock an account, and spraying one address is stopped."""

import pytest
from django.urls import reverse

from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER, OFFICE = "203.0.113.66", "10.20.30.40"


def _login(client, username, password, address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(client):
    UserFactory(username="admin", password=PASSWORD, is_superuser=True)
    for _attempt in range(5):
        _login(client, "admin", "guess", ATTACKER)
    # The attacker's own address is locked for that account ...
    assert _login(client, "admin", PASSWORD, ATTACKER).status_code == 429
    # ... while the administrator signs in from the office as usual.
    assert _login(client, "admin", PASSWORD, OFFICE).status_code == 302


def test_spraying_many_usernames_from_one_address_locks_the_address(client, settings):
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert 5 < limit <= 30
    UserFactory(username="victim", password=PASSWORD)
    for number in range(limit):
        _login(client, f"staff{number}", "Spring2026!", ATTACKER)
    # Each name was tried once only, yet the address is now refused ...
    response = _login(client, "victim", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # ... and nobody else is.
    assert _login(client, "victim", PASSWORD, OFFICE).status_code == 302


def test_below_the_address_limit_an_office_keeps_signing_in(client, settings):
    UserFactory(username="colleague", password=PASSWORD)
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        _login(client, f"typo{number}", "wrong", OFFICE)
    assert _login(client, "colleague", PASSWORD, OFFICE).status_code == 302


def test_a_good_sign_in_does_not_reset_the_address_counter(client, settings):
    # A sprayer with one account of their own cannot clear the address's failures.
    UserFactory(username="mole", password=PASSWORD)
    UserFactory(username="victim", password=PASSWORD)
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    for number in range(limit - 1):
        _login(client, f"staff{number}", "Spring2026!", ATTACKER)
    assert _login(client, "mole", PASSWORD, ATTACKER).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=ATTACKER)
    _login(client, "staff-last", "Spring2026!", ATTACKER)
    assert _login(client, "victim", PASSWORD, ATTACKER).status_code == 429


def test_a_good_sign_in_does_not_reset_other_accounts_counters(client):
    UserFactory(username="mole", password=PASSWORD)
    UserFactory(username="admin", password=PASSWORD)
    for _attempt in range(4):
        _login(client, "admin", "guess", ATTACKER)
    assert _login(client, "mole", PASSWORD, ATTACKER).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=ATTACKER)
    _login(client, "admin", "guess", ATTACKER)
    assert _login(client, "admin", PASSWORD, ATTACKER).status_code == 429
