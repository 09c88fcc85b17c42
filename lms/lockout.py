"""Sign-in lock-out: per account and address, and per address across accounts.

django-axes counts failed sign-ins for each of ``AXES_LOCKOUT_PARAMETERS``:
``["username", "ip_address"]`` (one account from one address) and
``"ip_address"`` (every account from one address). Axes would apply one
failure limit to both; this handler gives the address its own, higher limit
(``AXES_ADDRESS_FAILURE_LIMIT``), because a whole office often signs in from
one NAT address and five typos there must not lock everybody out.

A successful sign-in clears only that account's failures from that address.
Axes would clear every failure from the address, so a sprayer with one
account of their own could reset the address counter at will, and with it
the counters of every account attacked from there.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_account, *per_address = self.get_user_attempts(request, credentials)
        failures = _failures(per_account)
        address_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        if any(_failures(attempts) >= address_limit for attempts in per_address):
            # Report the address's lock-out as the account limit reached.
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        per_account = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = per_account.delete()
        return count
