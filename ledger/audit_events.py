"""The audit log's actions for the ledger (registered when the app loads)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

YEAR_CLOSED = "ledger.year_closed"
YEAR_REOPENED = "ledger.year_reopened"
ENTRY_REVERSED = "ledger.entry_reversed"
RECORD_DOWNLOADED = "ledger.record_downloaded"
ATTENDANCE_RECORDED = "ledger.attendance_recorded"
ATTENDANCE_IMPORTED = "ledger.attendance_imported"
CLAIM_APPROVED = "ledger.claim_approved"
CLAIM_REJECTED = "ledger.claim_rejected"


def register() -> None:
    register_action(slug=YEAR_CLOSED, label=_("Training year closed"))
    register_action(slug=YEAR_REOPENED, label=_("Training year reopened"))
    register_action(slug=ENTRY_REVERSED, label=_("Study-hour entry reversed"))
    register_action(
        slug=RECORD_DOWNLOADED, label=_("Annual training record downloaded")
    )
    register_action(slug=ATTENDANCE_RECORDED, label=_("Class attendance recorded"))
    register_action(slug=ATTENDANCE_IMPORTED, label=_("Class attendance imported"))
    register_action(slug=CLAIM_APPROVED, label=_("External training claim approved"))
    register_action(slug=CLAIM_REJECTED, label=_("External training claim rejected"))
