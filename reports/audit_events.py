"""The audit log's actions for the reports' web pages (registered when the app loads)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

REPORT_VIEWED = "reports.viewed"


def register() -> None:
    register_action(slug=REPORT_VIEWED, label=_("Report viewed"))
