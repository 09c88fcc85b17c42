from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def export_storage():
    """Export files live outside MEDIA_ROOT; only the job's views serve them."""
    return storages["reports"]


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


class ExportJobQuerySet(models.QuerySet):
    def fetchable_by(self, user) -> "ExportJobQuerySet":
        """Return the jobs ``user`` may see: their own, or every one for administrators."""
        from people.models import sees_whole_organisation

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_whole_organisation(user):
            return self.all()
        return self.filter(requested_by=user)

    def expired(self, now=None) -> "ExportJobQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())


class ExportJob(models.Model):
    """A large export built by ``reports.tasks.build_export`` into a private file.

    ``filters`` holds the query parameters (``ReportFilters.as_query()``); the
    scope is the requester's, read again when the file is built.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted after its retention period")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    report = models.CharField(_("report"), max_length=50)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    language = models.CharField(max_length=10)
    full_identity = models.BooleanField(_("names and IDs in full"), default=False)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/", storage=export_storage, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(full_identity=False) | ~models.Q(purpose=""),
                name="export_full_identity_has_purpose",
            )
        ]

    def __str__(self):
        return f"{self.report}.{self.format} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def retention_end(self):
        hours = settings.REPORT_EXPORT_RETENTION_HOURS
        return timezone.now() + timedelta(hours=hours)
