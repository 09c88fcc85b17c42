"""Notifications as delivered, each person's preferences, and the site's settings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .kinds import Kind


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One reminder as delivered to one person, in their language at send time.

    ``subject`` names what it is about (``course:<key>``, ``claim:<id>``...)
    and ``period`` which occurrence (a due date, an overdue week, a day): the
    unique constraint on the four is what makes sending idempotent, however
    often and however concurrently the task runs.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    subject = models.CharField(max_length=120)
    period = models.CharField(max_length=40)
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        permissions = [("send_reminders", _("Can send reminders to overdue staff"))]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "period"],
                name="one_notification_per_period",
            )
        ]
        indexes = [
            # The bell's count on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
        ]

    def __str__(self):
        return f"{self.recipient_id} · {self.kind} · {self.subject} · {self.period}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def _language_choices():
    return settings.LANGUAGES


class ReminderPreferences(models.Model):
    """A person's language for reminders and the optional kinds they want.

    The ``django_language`` cookie belongs to a browser, not a person, so the
    language mail is written in is kept here; without a row it is the site's.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    language = models.CharField(
        _("language of reminders"),
        max_length=12,
        choices=_language_choices,
        default=settings.LANGUAGE_CODE,
    )
    due_soon = models.BooleanField(_("required training due soon"), default=True)
    certificate_expiring = models.BooleanField(
        _("a certificate about to expire"), default=True
    )
    claim_decided = models.BooleanField(
        _("an external training claim decided"), default=True
    )

    class Meta:
        verbose_name = _("reminder preferences")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.user)


def _days(verbose, default, help_text):
    return models.PositiveSmallIntegerField(
        verbose,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=help_text,
    )


@register_setting(icon="mail")
class ReminderSettings(BaseGenericSetting):
    """When reminders go out, and which kinds the site sends at all."""

    due_soon_days = _days(
        _("due soon (days)"),
        7,
        _("Remind learners this many days before required training is due."),
    )
    escalation_days = _days(
        _("escalate after (days overdue)"),
        14,
        _("Tell the person's HR officers once training is this many days overdue."),
    )
    certificate_days = _days(
        _("certificate expiry notice (days)"),
        30,
        _("Remind holders this many days before a certificate expires."),
    )
    send_assigned = models.BooleanField(_("new required training"), default=True)
    send_due_soon = models.BooleanField(_("required training due soon"), default=True)
    send_overdue = models.BooleanField(
        _("required training overdue (then weekly)"), default=True
    )
    send_escalation = models.BooleanField(_("escalation to HR"), default=True)
    send_certificate_expiring = models.BooleanField(
        _("certificate expiring"), default=True
    )
    send_claim_decided = models.BooleanField(
        _("external training claim decided"), default=True
    )

    class Meta:
        verbose_name = _("reminder settings")

    def sends(self, kind: str) -> bool:
        """Whether the site sends reminders of ``kind`` (HR's own chase always)."""
        return getattr(self, f"send_{kind}", True)
