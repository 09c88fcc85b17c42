"""Audit entries for required-training assignments and cmi5 course imports."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from audit.actions import Action, register_action
from audit.services import record_event

from .models import Assignment

# Written by the admin's "Import a cmi5 course" (``courses.admin_cmi5``).
CMI5_COURSE_IMPORTED = "courses.cmi5_course_imported"


def _assignment_saved(sender, instance: Assignment, created, **kwargs):
    record_event(
        action=Action.ASSIGNMENT_CREATED if created else Action.ASSIGNMENT_CHANGED,
        actor=instance.created_by if created else None,
        target=instance,
        scope=instance.department.full_name() if instance.department_id else "",
        details={"due": instance.due_date.isoformat()},
    )


def connect() -> None:
    """Register the actions and connect the handlers (from ``CoursesConfig.ready``)."""
    register_action(slug=CMI5_COURSE_IMPORTED, label=_("cmi5 course imported"))
    post_save.connect(
        _assignment_saved, sender=Assignment, dispatch_uid="courses.audit.assignment"
    )
