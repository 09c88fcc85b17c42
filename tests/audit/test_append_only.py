"""Audit entries are only ever added: the ORM and, on PostgreSQL, the database refuse changes."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from audit.actions import Action, register_action
from audit.addresses import client_address
from audit.models import AppendOnlyError, AuditEntry
from audit.services import Target, record_event
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger exists on PostgreSQL only; SQLite relies on the model's guards",
)


@pytest.fixture
def entry():
    admin = UserFactory(username="root", is_superuser=True)
    return record_event(
        action=Action.ROLE_GRANTED,
        actor=admin,
        target=Target(type="auth.user", id="7", label="lisi"),
        scope="陕西省/西安市",
        address="10.1.2.3",
        details={"role": "HR officer"},
    )


def test_record_event_keeps_actor_target_scope_address_and_details(entry):
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor.username == "root" and stored.actor_label == "root"
    assert (stored.target_type, stored.target_id, stored.target_label) == (
        "auth.user",
        "7",
        "lisi",
    )
    assert stored.scope == "陕西省/西安市"
    assert stored.address == "10.1.2.3"
    assert stored.details == {"role": "HR officer"}
    from django.utils import translation

    with translation.override("en"):
        assert stored.action_label == "Role granted"
    with translation.override("zh-hans"):
        assert stored.action_label == "授予角色"


def test_a_model_instance_is_named_by_its_label_and_key():
    user = UserFactory(username="wangwu")
    entry = record_event(action=Action.LOGIN, actor=user, target=user)
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "auth.user",
        str(user.pk),
        "wangwu",
    )


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        record_event(action="people.rol_granted")


def test_a_registered_action_can_be_recorded():
    register_action(slug="certificates.revoked", label="Certificate revoked")
    assert record_event(action="certificates.revoked").action_label == (
        "Certificate revoked"
    )


def test_save_of_an_existing_entry_is_refused(entry):
    entry.scope = "陕西省"
    with pytest.raises(AppendOnlyError):
        entry.save()
    fresh = AuditEntry.objects.get(pk=entry.pk)
    with pytest.raises(AppendOnlyError):
        fresh.save()
    assert AuditEntry.objects.get(pk=entry.pk).scope == "陕西省/西安市"


def test_an_entry_with_an_existing_key_cannot_overwrite_it(entry):
    forged = AuditEntry(pk=entry.pk, action=Action.LOGIN, actor_label="nobody")
    with pytest.raises(AppendOnlyError):
        forged.save()


def test_delete_and_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(scope="")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["scope"])
    assert AuditEntry.objects.filter(pk=entry.pk, scope="陕西省/西安市").exists()


def test_deleting_the_actor_keeps_the_entry_and_the_actor_name(entry):
    entry.actor.delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor is None
    assert stored.actor_label == "root"


@on_postgresql
def test_the_database_refuses_a_raw_update(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditentry SET scope = '' WHERE id = %s", [entry.pk]
        )
    assert AuditEntry.objects.get(pk=entry.pk).scope == "陕西省/西安市"


@on_postgresql
def test_the_database_refuses_a_raw_delete_even_of_old_entries(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@on_postgresql
def test_the_pruning_setting_does_not_let_young_entries_go(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL audit.pruning = 'on'")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@on_postgresql
def test_the_database_refuses_to_change_more_than_the_cleared_actor(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditentry SET actor_id = NULL, actor_label = 'x' WHERE id = %s",
            [entry.pk],
        )
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == "root"


def test_client_address_is_remote_addr_unless_a_proxy_is_trusted():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_address(request) == "10.0.0.9"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(request) == "203.0.113.5"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_address(request) == "6.6.6.6"
    with override_settings(TRUSTED_PROXY_COUNT=3):
        assert client_address(request) == "10.0.0.9"
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="x")
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(forged) == "10.0.0.9"


def test_entries_read_newest_first_and_by_period():
    now = timezone.now()
    first = AuditEntry.objects.create(action=Action.LOGIN, time=now - timedelta(days=3))
    second = AuditEntry.objects.create(
        action=Action.LOGIN, time=now - timedelta(days=1)
    )
    assert list(AuditEntry.objects.all()) == [second, first]
    assert list(AuditEntry.objects.between(now - timedelta(days=2), now)) == [second]
