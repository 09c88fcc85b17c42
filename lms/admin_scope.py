"""Wagtail's admin keeps to the platform's scope rules, not only to model permissions.

Wagtail decides what a user may see per model: holding
``people.view_staffmember`` would show an HR officer every staff member's
log entries in the site-history report (and its CSV and XLSX exports), and
let them open editing sessions or translations on any record by id. The
platform decides per object: a QuerySet's ``visible_to(user)`` says which
rows a user may see (``people.models``). So every model whose default
manager has ``visible_to`` gets, in the admin:

- ``ScopedPermissionPolicy``: the model permission is still needed, and
  the per-object checks and object lists are also limited to
  ``visible_to(user)``;
- its history in ``ScopedLogEntry``, whose ``viewable_by_user`` (what the
  site-history report, its filters and exports read) shows only entries
  about objects in ``visible_to(user)``.

``register_scoped_policies`` (from ``LmsConfig.ready``) and
``lms.wagtail_hooks`` register both for ``scoped_models()``, so a new model
with ``visible_to`` is scoped in the admin without anyone remembering to.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


def scoped_models() -> list[type[models.Model]]:
    """Return the installed models whose default manager has ``visible_to(user)``."""
    return [
        model
        for model in apps.get_models()
        if callable(getattr(model._default_manager, "visible_to", None))
    ]


_ANY = ["add", "change", "delete", "view"]


def _visible(model, user) -> models.QuerySet:
    return model._default_manager.visible_to(user)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the objects ``visible_to(user)`` returns."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.user_has_any_permission(user, actions)
            and _visible(self.model, user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return _visible(self.model, user)


def register_scoped_policies() -> None:
    """Give every scoped model a ``ScopedPermissionPolicy`` (``LmsConfig.ready``)."""
    for model in scoped_models():
        register_permission_policy(
            model, ScopedPermissionPolicy(model), exact_class=True
        )


class ScopedLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Entries about objects ``user`` may see, of models they hold a permission on.

        Wagtail's own check (any permission on the content type) is redone
        here rather than inherited: it caches its answer on the user object
        for whichever log model asks first, which would leave these out.
        """
        conditions = [
            models.Q(
                content_type=ContentType.objects.get_for_model(
                    model, for_concrete_model=False
                ),
                object_id__in=_visible(model, user)
                .order_by()
                .annotate(_pk_text=Cast("pk", models.CharField()))
                .values("_pk_text"),
            )
            for model in scoped_models()
            if ModelPermissionPolicy(model).user_has_any_permission(user, _ANY)
        ]
        if not conditions:
            return self.none()
        return self.filter(reduce(or_, conditions))


class ScopedLogEntry(BaseLogEntry):
    """Wagtail's history of an object whose model scopes its reads (``visible_to``)."""

    object_id = models.CharField(max_length=255, blank=False, db_index=True)

    objects = ScopedLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("scoped log entry")
        verbose_name_plural = _("scoped log entries")

    def __str__(self):
        return f"ScopedLogEntry {self.pk}: {self.action!r} on {self.object_id}"
