"""What the platform's roles may do in the ledger (collected by ``people.roles``).

HR officers, in their scope, see staff ledgers, run offline classes and
decide external claims; administrators also edit the yearly policy and close
years. Entries themselves are written only by the services.
"""

from people import roles

_HR = [
    "ledger.view_studyhourentry",
    "ledger.reverse_studyhourentry",
    "ledger.view_offlineclass",
    "ledger.add_offlineclass",
    "ledger.change_offlineclass",
    "ledger.view_externalclaim",
    "ledger.change_externalclaim",
]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [
        *_HR,
        "ledger.view_studypolicy",
        "ledger.add_studypolicy",
        "ledger.change_studypolicy",
        "ledger.view_yearclose",
        "ledger.add_yearclose",
        "ledger.delete_yearclose",
    ],
}
