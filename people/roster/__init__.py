"""The roster: validate a staff list and import it into the organisation.

``import_roster`` is the one entry point for an import, used by the web UI's
tasks and by ``manage.py import_roster``. A roster with any bad row imports
nothing. ``uploads`` holds the services of the web UI's upload → preview →
confirm flow.
"""

from .importing import import_roster
from .report import CHANGE_LABELS, RosterChange, RosterReport
from .uploads import (
    confirm_roster_import,
    import_confirmed_roster,
    preview_roster_import,
    upload_roster,
)

__all__ = [
    "CHANGE_LABELS",
    "RosterChange",
    "RosterReport",
    "confirm_roster_import",
    "import_confirmed_roster",
    "import_roster",
    "preview_roster_import",
    "upload_roster",
]
