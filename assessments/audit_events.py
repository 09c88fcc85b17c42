"""Audit entries for extra attempts granted by trainers."""

from django.db.models.signals import post_save

from audit.actions import Action
from audit.services import record_event

from .models import AttemptGrant


def _grant_saved(sender, instance: AttemptGrant, created, **kwargs):
    if created:
        record_event(
            action=Action.ATTEMPT_GRANTED,
            actor=instance.granted_by,
            target=instance.user,
            details={"assessment": instance.assessment_id, "reason": instance.reason},
        )


def connect() -> None:
    """Connect the handlers (from ``AssessmentsConfig.ready``)."""
    post_save.connect(
        _grant_saved, sender=AttemptGrant, dispatch_uid="assessments.audit.grant"
    )
