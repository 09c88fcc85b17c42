"""One-time codes with which imported staff set their first password.

Staff imported from the roster often have no e-mail address, so password
reset can never reach them. HR issues each a code on paper; the code is kept
here only as a keyed hash, works once, and expires. Defined apart from
``people.models`` to keep that module readable; it is imported by it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivationCode(models.Model):
    staff = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("staff member"),
    )
    # HMAC-SHA256 of the code under the site's secret key, in hex.
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        indexes = [models.Index(fields=["staff", "used_at"])]

    def __str__(self) -> str:
        return f"{self.staff_id} until {self.expires_at:%Y-%m-%d}"
