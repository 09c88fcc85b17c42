from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Department


class ReportTokenQuerySet(models.QuerySet):
    def usable(self, now=None) -> "ReportTokenQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ReportToken(models.Model):
    """A bearer token of the HR system for one department's subtree.

    Only the SHA-256 of the token is stored; ``prefix`` (the start of the
    token) finds the row to compare it with. See ``reports.api.tokens``.
    """

    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The token reads this department and the ones under it."),
    )
    full_identity = models.BooleanField(
        _("names and IDs in full"),
        default=False,
        help_text=_("Otherwise names and employee IDs are partly hidden."),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=300,
        blank=True,
        help_text=_("Required for names and IDs in full; kept in the audit log."),
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, editable=False)

    objects = ReportTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("report API token")
        verbose_name_plural = _("report API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(full_identity=False) | ~models.Q(purpose=""),
                name="report_token_full_identity_has_purpose",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
