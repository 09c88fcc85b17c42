"""The audit log's actions for reports, exports and the HR API (registered at load)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

REPORT_VIEWED = "reports.viewed"
EXPORTED = "reports.exported"
EXPORT_REQUESTED = "reports.export_requested"
EXPORT_DOWNLOADED = "reports.export_downloaded"
API_READ = "reports.api_read"
TOKEN_CREATED = "reports.token_created"
TOKEN_REVOKED = "reports.token_revoked"


def register() -> None:
    register_action(slug=REPORT_VIEWED, label=_("Report viewed"))
    register_action(slug=EXPORTED, label=_("Report exported"))
    register_action(slug=EXPORT_REQUESTED, label=_("Large report export requested"))
    register_action(slug=EXPORT_DOWNLOADED, label=_("Report export downloaded"))
    register_action(slug=API_READ, label=_("Report read through the API"))
    register_action(slug=TOKEN_CREATED, label=_("Report API token created"))
    register_action(slug=TOKEN_REVOKED, label=_("Report API token revoked"))
