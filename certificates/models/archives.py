"""HR's ZIP of certificates for a department subtree and period, built in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Department

from .certificates import private_storage


class CertificateArchive(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE
    )
    issued_from = models.DateField(_("issued from"))
    issued_to = models.DateField(_("issued until"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="archives/", storage=private_storage, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate archive")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.department} {self.issued_from}–{self.issued_to}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
