from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from common.totp import ensure_demo_device
from content.curriculum import ROOT
from content.demo import STAFF, seed_activity
from people import roles
from people.demo import USERS, seed_people

# The roles that sign in with a second factor get a demo authenticator.
SECOND_FACTOR_ROLES = {roles.ADMINISTRATOR, roles.HR_OFFICER}


class Command(BaseCommand):
    help = (
        "FOR DEMONSTRATION ONLY: create one user per role (learner, trainer, reviewer, "
        "hr, admin) with a published password in a small demo department tree, then "
        "demo staff (employee IDs DEMO0001…) with enrolments, progress and exam "
        "attempts recorded through the LRS. Running it again adds nothing. Never run "
        "it on a production site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--users-only",
            action="store_true",
            help="create only the five demo users and their departments",
        )
        parser.add_argument(
            "--staff", type=int, default=STAFF, help="how many demo staff to create"
        )
        parser.add_argument(
            "--curriculum",
            type=Path,
            default=ROOT,
            help="curriculum folder to load when there is no course yet",
        )

    def handle(self, *args, users_only, staff, curriculum, **options):
        self.stdout.write(self.style.WARNING(_("Demo data — for demonstrations only.")))
        seed_people(stdout=self.stdout)
        self._enrol_demo_authenticators()
        if not users_only:
            seed_activity(staff=staff, root=curriculum, stdout=self.stdout)

    def _enrol_demo_authenticators(self) -> None:
        User = get_user_model()
        for username, *_fields, role in USERS:
            if role not in SECOND_FACTOR_ROLES:
                continue
            secret = ensure_demo_device(User.objects.get(username=username))
            self.stdout.write(
                _("Two-step verification for %(user)s: TOTP secret %(secret)s")
                % {"user": username, "secret": secret}
            )
