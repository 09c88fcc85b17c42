"""Re-key stored statements from usernames to employee IDs (issue 10).

Before, the platform named a learner in its statements by username; now by
employee ID (``people.agents``). Run once after upgrading (``make run`` runs
it on every set-up; a second run changes nothing).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from people.agents import account_name_for
from xapi.accounts import rename_accounts
from xapi.services import platform_authority


class Command(BaseCommand):
    help = (
        "Rename learners in the statements the platform recorded, from their "
        "username to their employee ID. Safe to run again."
    )

    def handle(self, *args, **options):
        users = get_user_model().objects.select_related("staff")
        mapping = {user.get_username(): account_name_for(user) for user in users}
        changed = rename_accounts(mapping, authority=platform_authority())
        if options["verbosity"]:
            self.stdout.write(f"{changed} statements re-keyed.")
