"""The audit log's actions for the ledger (registered when the app loads)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

YEAR_CLOSED = "ledger.year_closed"
YEAR_REOPENED = "ledger.year_reopened"
ENTRY_REVERSED = "ledger.entry_reversed"
RECORD_DOWNLOADED = "ledger.record_downloaded"


def register() -> None:
    register_action(slug=YEAR_CLOSED, label=_("Training year closed"))
    register_action(slug=YEAR_REOPENED, label=_("Training year reopened"))
    register_action(slug=ENTRY_REVERSED, label=_("Study-hour entry reversed"))
    register_action(
        slug=RECORD_DOWNLOADED, label=_("Annual training record downloaded")
    )
