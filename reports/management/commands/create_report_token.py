from django.core.management.base import BaseCommand, CommandError

from reports.api.tokens import department_by_path, issue_token


class Command(BaseCommand):
    help = (
        "Create a bearer token for the HR reports API at /api/reports/, for one "
        "department's subtree, and print it once (only its hash is stored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who the token is for, e.g. 'HR system'.")
        parser.add_argument(
            "--department",
            required=True,
            help="The department path the token reads, e.g. 陕西省/西安市.",
        )
        parser.add_argument(
            "--expires", type=int, metavar="DAYS", help="Days until it expires."
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Give names and employee IDs in full (needs --purpose).",
        )
        parser.add_argument("--purpose", default="", help="Why in full (audited).")

    def handle(self, *args, **options):
        department = department_by_path(options["department"])
        if department is None:
            raise CommandError(f"No department {options['department']!r}.")
        if options["expires"] is not None and options["expires"] < 1:
            raise CommandError("--expires must be at least 1 day.")
        try:
            issued = issue_token(
                name=options["name"],
                department=department,
                expires_in_days=options["expires"],
                full_identity=options["full"],
                purpose=options["purpose"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"token: {issued.secret}")
        self.stdout.write("The token is shown once; only its hash is stored.")
