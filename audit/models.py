"""One append-only table of audit entries.

Entries are only ever added. ``save`` on an existing entry, ``delete`` and the
QuerySet's ``update`` and ``delete`` raise ``AppendOnlyError``; on PostgreSQL a
trigger (migration 0002) refuses UPDATE and DELETE from any client as well,
except the pruning of entries past the retention period (``prune_entries``)
and Django's clearing of the actor when a user account is deleted: the
actor's name stays in ``actor_label``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import label_for


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted; see prune_audit_log")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("audit entries cannot be updated")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AppendOnlyError("audit entries cannot be updated")

    def between(self, start=None, end=None) -> "AuditQuerySet":
        """Entries from ``start`` (inclusive) to ``end`` (exclusive); either may be None."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(time__gte=start)
        if end is not None:
            queryset = queryset.filter(time__lt=end)
        return queryset

    def older_than(self, moment) -> "AuditQuerySet":
        return self.filter(time__lt=moment)


class AuditEntry(models.Model):
    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so that the entry still says who acted once the account is gone.
    actor_label = models.CharField(_("actor"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target ID"), max_length=100, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    scope = models.CharField(_("scope"), max_length=500, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    details = models.JSONField(
        _("details"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-time", "-pk"]
        # Nobody may add, change or delete entries by hand: only reading is a permission.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["action", "time"], name="audit_action_time")]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed once written")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted; see prune_audit_log")

    @property
    def action_label(self) -> str:
        return label_for(self.action)
