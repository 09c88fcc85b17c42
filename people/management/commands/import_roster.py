from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.exceptions import RosterError
from people.roster import import_roster


class SystemImporter:
    """Stands for the command line: it may write to the whole organisation."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def has_perm(self, permission):
        return True


class Command(BaseCommand):
    help = "Import the staff roster from a CSV (UTF-8 or GB18030) or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the roster file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change; change nothing.",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate staff within scope who are not in the file.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="Import as this user, within their HR scope (default: the whole organisation).",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %s") % path)
        importer = SystemImporter()
        if options["username"]:
            User = get_user_model()
            try:
                importer = User.objects.get(username=options["username"])
            except User.DoesNotExist as error:
                raise CommandError(
                    _("No such user: %s") % options["username"]
                ) from error
        try:
            report = import_roster(
                content=path.read_bytes(),
                filename=path.name,
                importer=importer,
                dry_run=options["dry_run"],
                deactivate_missing=options["deactivate_missing"],
            )
        except RosterError as error:
            lines = [
                _("%(file)s was rejected; nothing was imported:") % {"file": path.name}
            ]
            lines += [f"  {e}" for e in error.errors]
            raise CommandError("\n".join(lines)) from error
        prefix = _("Dry run, nothing saved: ") if report.dry_run else ""
        self.stdout.write(
            prefix
            + _(
                "%(rows)d rows: %(created)d new, %(updated)d updated, %(unchanged)d "
                "unchanged, %(deactivated)d deactivated; %(departments)d new departments."
            )
            % {**report.as_dict(), "departments": len(report.departments_created)}
        )
