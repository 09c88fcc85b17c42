from django.core.management.base import BaseCommand, CommandError

from xapi.auth import create_client
from xapi.models import Scope


class Command(BaseCommand):
    help = "Create credentials for a client of the LRS at /xapi/ and print its key and secret."

    def add_arguments(self, parser):
        parser.add_argument(
            "name", help="Who the client is, e.g. 'National training platform'."
        )
        parser.add_argument(
            "--scopes",
            nargs="+",
            default=[Scope.ALL],
            choices=list(Scope.values),
            help="OAuth scopes of the xAPI specification (default: all).",
        )

    def handle(self, *args, **options):
        try:
            credentials = create_client(name=options["name"], scopes=options["scopes"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"key: {credentials.key}")
        self.stdout.write(f"secret: {credentials.secret}")
        self.stdout.write("The secret is shown once; only its hash is stored.")
