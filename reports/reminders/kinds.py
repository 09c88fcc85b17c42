"""The kinds of reminder, and which of them a person may switch off.

Reminders about required training (a new assignment, overdue, HR's chase and
the escalation to HR) cannot be switched off: the training is required, and
so is being told about it. The courtesy reminders can.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("New required training")
    DUE_SOON = "due_soon", _("Required training due soon")
    OVERDUE = "overdue", _("Required training overdue")
    HR_REMINDER = "hr_reminder", _("Reminder from HR")
    ESCALATION = "escalation", _("Overdue staff (for HR)")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring")
    CLAIM_DECIDED = "claim_decided", _("External training claim decided")


# The kinds a person may opt out of, each with its preference field.
OPTIONAL = {
    Kind.DUE_SOON: "due_soon",
    Kind.CERTIFICATE_EXPIRING: "certificate_expiring",
    Kind.CLAIM_DECIDED: "claim_decided",
}


def is_optional(kind: str) -> bool:
    return kind in OPTIONAL
