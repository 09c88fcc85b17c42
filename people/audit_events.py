"""Audit entries for role and HR-scope changes, however they are made.

Roles are group memberships and scopes are ``HRScope`` rows; the Wagtail
admin, the services and the shell all change them, so the entries come from
model signals. The acting user is the request's (``audit.context``).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from audit.actions import Action
from audit.services import record_event

from . import roles
from .models import HRScope

# Every account is a learner (a roster import adds thousands at once); the
# roles that grant power over others are the ones the log follows.
AUDITED_ROLES = [role for role in roles.LABELS if role != roles.LEARNER]


def _groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if reverse or action not in ("post_add", "post_remove") or not pk_set:
        return
    from django.contrib.auth.models import Group

    event = Action.ROLE_GRANTED if action == "post_add" else Action.ROLE_REVOKED
    for name in Group.objects.filter(pk__in=pk_set, name__in=AUDITED_ROLES).values_list(
        "name", flat=True
    ):
        record_event(action=event, target=instance, details={"role": name})


def _scope_saved(sender, instance, created, **kwargs):
    if created:
        _scope_event(Action.SCOPE_GRANTED, instance)


def _scope_deleted(sender, instance, **kwargs):
    _scope_event(Action.SCOPE_REVOKED, instance)


def _scope_event(action, scope: HRScope) -> None:
    record_event(
        action=action,
        target=scope.user,
        scope=scope.department.full_name(),
        details={"department": scope.department_id},
    )


def connect() -> None:
    """Connect the handlers (from ``PeopleConfig.ready``)."""
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="people.audit.groups",
    )
    post_save.connect(_scope_saved, sender=HRScope, dispatch_uid="people.audit.scope")
    post_delete.connect(
        _scope_deleted, sender=HRScope, dispatch_uid="people.audit.scope_deleted"
    )
