"""The audit log's actions for reminders (registered when the app loads)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

REMINDERS_SENT = "reports.reminders_sent"


def register() -> None:
    register_action(slug=REMINDERS_SENT, label=_("Reminders sent to overdue staff"))
