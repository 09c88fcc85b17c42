"""prune_audit_log deletes only entries past the retention period, at least 180 days."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from audit.services import prune_entries

pytestmark = pytest.mark.django_db


def _entry_aged(days: int) -> AuditEntry:
    return AuditEntry.objects.create(
        action=Action.LOGIN, time=timezone.now() - timedelta(days=days)
    )


@pytest.mark.parametrize("days", ["0", "30", "179"])
def test_pruning_refuses_anything_under_180_days(days):
    young = _entry_aged(200)
    with pytest.raises(CommandError, match="180"):
        call_command("prune_audit_log", "--older-than", days)
    assert AuditEntry.objects.filter(pk=young.pk).exists()


def test_a_longer_retention_setting_raises_the_floor(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    entry = _entry_aged(300)
    with pytest.raises(CommandError, match="365"):
        call_command("prune_audit_log", "--older-than", "200")
    with pytest.raises(ValueError):
        prune_entries(older_than_days=200)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_shorter_retention_setting_does_not_lower_the_floor(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    with pytest.raises(CommandError, match="180"):
        call_command("prune_audit_log", "--older-than", "30")


def test_pruning_deletes_the_older_entries_only():
    old, older = _entry_aged(181), _entry_aged(400)
    recent, edge = _entry_aged(10), _entry_aged(179)
    out = io.StringIO()
    call_command("prune_audit_log", "--older-than", "180", stdout=out)
    assert "2" in out.getvalue()
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, edge.pk}
    assert not remaining & {old.pk, older.pk}


def test_pruning_with_a_longer_period_keeps_more():
    kept, gone = _entry_aged(300), _entry_aged(500)
    assert prune_entries(older_than_days=365) == 1
    assert list(AuditEntry.objects.all()) == [kept]
    assert not AuditEntry.objects.filter(pk=gone.pk).exists()
