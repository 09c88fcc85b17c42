from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from packages.cmi5_models import Cmi5ApiKey
from packages.cmi5_views import PERMISSION


class Command(BaseCommand):
    help = (
        "Make a key for the cmi5 course API (import, launch URL, waive, abandon) "
        "held for an administrator, and print it once; only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The administrator who holds the key.")

    def handle(self, *args, **options):
        user = (
            get_user_model()
            .objects.filter(**{get_user_model().USERNAME_FIELD: options["username"]})
            .first()
        )
        if user is None or not user.is_active:
            raise CommandError("No active user has this username.")
        if not user.has_perm(PERMISSION):
            raise CommandError("This user may not import cmi5 courses.")
        self.stdout.write(f"key: {Cmi5ApiKey.issue(user)}")
        self.stdout.write("The key is shown once; only its hash is stored.")
