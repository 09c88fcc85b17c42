"""The record of one roster upload, kept beside the organisation's models.

Defined apart from ``people.models`` only to keep that module readable; it is
the same app and is imported by ``people.models``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterImport(models.Model):
    """An uploaded roster file: checked, previewed, then imported (or rejected)."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Importing")
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="roster_imports",
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    deactivate_missing = models.BooleanField(
        _("deactivate staff missing from the file")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    summary = models.JSONField(_("summary"), default=dict)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    completed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name
