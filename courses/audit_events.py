"""Audit entries for required-training assignments (created or changed)."""

from django.db.models.signals import post_save

from audit.actions import Action
from audit.services import record_event

from .models import Assignment


def _assignment_saved(sender, instance: Assignment, created, **kwargs):
    record_event(
        action=Action.ASSIGNMENT_CREATED if created else Action.ASSIGNMENT_CHANGED,
        actor=instance.created_by if created else None,
        target=instance,
        scope=instance.department.full_name() if instance.department_id else "",
        details={"due": instance.due_date.isoformat()},
    )


def connect() -> None:
    """Connect the handlers (from ``CoursesConfig.ready``)."""
    post_save.connect(
        _assignment_saved, sender=Assignment, dispatch_uid="courses.audit.assignment"
    )
