"""Certificates as issued: a frozen snapshot, a serial, a verification code, a status.

A certificate is never re-derived from live data. What it certifies (the
holder's name, employee ID and department, the course's titles, 学时, the
score, the issuing organisation) is copied into ``snapshot`` at issue, and the
PDF is rendered from that snapshot once and stored. Renaming a course or a
person later changes nothing already issued; correcting a holder's name issues
a replacement that supersedes the old certificate.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from people.models import Department, sees_whole_organisation


def private_storage():
    """Certificate files live outside MEDIA_ROOT; views serve them (``STORAGES``)."""
    return storages["certificates"]


class SerialCounter(models.Model):
    """The last serial number issued in a year; its row lock makes serials gap-free."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate serial counter")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class StatusListCounter(models.Model):
    """The last Bitstring Status List index handed out (one list for the site)."""

    name = models.CharField(max_length=20, primary_key=True)
    last_index = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.last_index}"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CertificateQuerySet":
        """Administrators see every certificate, HR those of its departments, others their own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_whole_organisation(user):
            return self.all()
        return self.filter(
            Q(department__in=Department.objects.visible_to(user)) | Q(holder=user)
        )

    def current(self) -> "CertificateQuerySet":
        """Neither revoked nor superseded (expiry is a matter of date, see ``valid``)."""
        return self.filter(status=Certificate.Status.ISSUED)

    def valid(self, today=None) -> "CertificateQuerySet":
        """Certificates that count today: current and not expired."""
        today = today or timezone.localdate()
        return self.current().filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=today)
        )


class Certificate(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    serial = models.CharField(_("serial"), max_length=16, unique=True)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    # The verification code is printed on the certificate; the database keeps
    # its SHA-256 for the lookup and a sealed copy (Fernet, keyed from
    # SECRET_KEY) so that the holder's page and a re-rendering can show it.
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    code_sealed = models.TextField(editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The holder's department at issue; HR scope follows it."),
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    completed_at = models.DateTimeField(_("completed"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    snapshot = models.JSONField(_("what it certifies"), editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ISSUED
    )
    status_index = models.PositiveIntegerField(unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The template the PDF was rendered with."),
    )
    pdf = models.FileField(
        _("PDF"), upload_to="%Y/", storage=private_storage, blank=True
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    renewal_enrolled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The signed Open Badges credential, made once (on first download) and kept.
    credential = models.JSONField(null=True, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        permissions = [("revoke_certificate", _("Can revoke certificates"))]
        constraints = [
            # One certificate per completion; a correction's replacement is
            # the same completion, told apart by what it replaces.
            models.UniqueConstraint(
                fields=["holder", "course_key", "completed_at"],
                condition=Q(replaces__isnull=True),
                name="one_certificate_per_completion",
            ),
            models.UniqueConstraint(fields=["year", "number"], name="unique_serial"),
        ]
        indexes = [models.Index(fields=["holder", "course_key"])]

    def __str__(self):
        return self.serial

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on <= today

    def state(self, today=None) -> str:
        """What the verification page says: valid, expired, revoked or superseded."""
        if self.status != self.Status.ISSUED:
            return self.status
        return "expired" if self.is_expired(today) else "valid"

    @property
    def course_title(self) -> str:
        titles = self.snapshot.get("course_title", {})
        return titles.get(get_language()) or next(iter(titles.values()), "")
