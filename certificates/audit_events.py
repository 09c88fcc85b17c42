"""The audit log's actions for certificates (registered when the app loads)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_action

REVOKED = "certificates.revoked"
CORRECTED = "certificates.corrected"
REPLACEMENT_ISSUED = "certificates.replacement_issued"
RERENDERED = "certificates.rerendered"
ARCHIVE_REQUESTED = "certificates.archive_requested"
ARCHIVE_DOWNLOADED = "certificates.archive_downloaded"


def register() -> None:
    register_action(slug=REVOKED, label=_("Certificate revoked"))
    register_action(slug=CORRECTED, label=_("Certificate corrected (superseded)"))
    register_action(slug=REPLACEMENT_ISSUED, label=_("Replacement certificate issued"))
    register_action(slug=RERENDERED, label=_("Certificate PDF rendered again"))
    register_action(slug=ARCHIVE_REQUESTED, label=_("Certificate archive requested"))
    register_action(slug=ARCHIVE_DOWNLOADED, label=_("Certificate archive downloaded"))
