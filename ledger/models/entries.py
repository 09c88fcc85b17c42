"""The ledger's entries (学时台账): append-only, corrected by reversing entries."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete a ledger entry (reverse it instead)."""


class Source(models.TextChoices):
    ONLINE = "online", _("Online course")
    OFFLINE = "offline", _("Offline class")
    EXTERNAL = "external", _("External training")
    OTHER = "other", _("Other recognised study")


class Bucket(models.TextChoices):
    REQUIRED = "required", _("Required")
    ELECTIVE = "elective", _("Elective")


class StudyHourEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("ledger entries cannot be updated")

    def delete(self):
        raise AppendOnlyError("ledger entries cannot be deleted; reverse them")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("ledger entries cannot be updated")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AppendOnlyError("ledger entries cannot be updated")

    def for_year(self, user, year: int) -> "StudyHourEntryQuerySet":
        return self.filter(user=user, year=year)

    def standing(self) -> "StudyHourEntryQuerySet":
        """Credits that no entry reverses (reversals themselves excluded)."""
        return self.filter(reverses__isnull=True, reversed_by__isnull=True)


class StudyHourEntry(models.Model):
    """One line of the study-hour ledger: hours credited, their source and their rule.

    Entries are never edited: a correction is a new entry with the opposite
    hours that ``reverses`` the one it corrects, as in bookkeeping.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="study_hours",
    )
    year = models.PositiveSmallIntegerField(_("training year"), db_index=True)
    hours = models.DecimalField(_("study hours"), max_digits=6, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    bucket = models.CharField(
        _("bucket"), max_length=10, choices=Bucket.choices, default=Bucket.ELECTIVE
    )
    title = models.CharField(_("title"), max_length=255)
    # What the hours were for: a course key, an offline class id, a claim id.
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    rule = models.JSONField(
        _("rule"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    credited_on = models.DateField(_("credited on"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="reversed_by",
    )

    objects = StudyHourEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("study-hour ledger entry")
        verbose_name_plural = _("study-hour ledger")
        ordering = ["-credited_on", "-id"]
        default_permissions = ("view",)
        permissions = [("reverse_studyhourentry", _("Can reverse a ledger entry"))]
        indexes = [models.Index(fields=["user", "year"], name="ledger_user_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | Q(hours__lte=0),
                name="ledger_reversal_is_negative",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.year} · {self.hours}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("ledger entries cannot be changed; reverse them")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger entries cannot be deleted; reverse them")
