"""Offline classes with their attendance, and external training claims."""

from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Department, StaffMember, sees_whole_organisation

from .entries import Bucket, Source, StudyHourEntry

HOURS = {"max_digits": 6, "decimal_places": 2}


def evidence_storage():
    """Claim evidence lives outside MEDIA_ROOT; only views that check serve it."""
    return storages["ledger"]


class OfflineClassQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OfflineClassQuerySet":
        """Classes of the departments ``user`` may see (administrators: all)."""
        if sees_whole_organisation(user):
            return self
        return self.filter(department__in=Department.objects.visible_to(user))


class OfflineClass(models.Model):
    """An in-person class (线下培训班) that HR records attendance for."""

    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The HR officers of this department manage the class."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.DecimalField(
        _("study hours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **HOURS,
    )
    days = models.DecimalField(
        _("days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Converted at the year's study hours per day."),
        **HOURS,
    )
    bucket = models.CharField(
        _("bucket"), max_length=10, choices=Bucket.choices, default=Bucket.REQUIRED
    )
    # A theory study group session (中心组学习) is recorded like a class.
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=[
            (Source.OFFLINE, Source.OFFLINE.label),
            (Source.OTHER, Source.OTHER.label),
        ],
        default=Source.OFFLINE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OfflineClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("offline class")
        verbose_name_plural = _("offline classes")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=False, days__isnull=True)
                | Q(hours__isnull=True, days__isnull=False),
                name="offline_class_hours_or_days",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="offline_class_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def length(self) -> Decimal:
        """The class's length in its own unit (hours or days)."""
        return self.hours if self.hours is not None else self.days


class Attendance(models.Model):
    """Whether a staff member attended a class, and how much of it they missed."""

    offline_class = models.ForeignKey(
        OfflineClass, on_delete=models.CASCADE, related_name="attendance"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE
    )
    # In the class's unit: hours for a class in hours, days for one in days.
    missed = models.DecimalField(_("missed"), default=Decimal("0"), **HOURS)
    entry = models.OneToOneField(
        StudyHourEntry, null=True, on_delete=models.RESTRICT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["offline_class", "staff"], name="unique_attendance"
            )
        ]

    def __str__(self):
        return f"{self.offline_class} · {self.staff}"

    @property
    def absent(self) -> bool:
        return self.missed >= self.offline_class.length


class ExternalClaimQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExternalClaimQuerySet":
        """Claims of the staff ``user`` may see (HR: its departments; others: own)."""
        return self.filter(user__staff__in=StaffMember.objects.visible_to(user))

    def pending(self) -> "ExternalClaimQuerySet":
        return self.filter(status=ExternalClaim.Status.PENDING)


class ExternalClaim(models.Model):
    """A learner's claim for training taken elsewhere (外部培训认定), with evidence."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="training_claims",
    )
    title = models.CharField(_("training"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    finished_on = models.DateField(_("finished on"))
    hours = models.DecimalField(
        _("study hours"), validators=[MinValueValidator(Decimal("0.25"))], **HOURS
    )
    evidence = models.FileField(
        _("evidence"), upload_to="claims/%Y/", storage=evidence_storage
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    entry = models.OneToOneField(
        StudyHourEntry, null=True, on_delete=models.RESTRICT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = ExternalClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("external training claim")
        verbose_name_plural = _("external training claims")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title
