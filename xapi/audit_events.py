"""Audit entries for LRS client credentials (never their secrets).

Launch credentials (a client limited to one learner and activity) are made
on every package launch and are not administrative changes: they are left out.
"""

from django.db.models.signals import post_save

from audit.actions import Action
from audit.services import record_event

from .models import Client


def _client_saved(sender, instance: Client, created, **kwargs):
    if instance.agent is not None:
        return
    record_event(
        action=Action.LRS_CLIENT_CREATED if created else Action.LRS_CLIENT_CHANGED,
        target=instance,
        details={"scopes": list(instance.scopes), "active": instance.is_active},
    )


def connect() -> None:
    """Connect the handlers (from ``XapiConfig.ready``)."""
    post_save.connect(_client_saved, sender=Client, dispatch_uid="xapi.audit.client")
