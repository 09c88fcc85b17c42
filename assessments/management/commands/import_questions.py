from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.banks import import_bank
from assessments.exceptions import BankImportError
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = "Import questions into a bank from a CSV (UTF-8 or GB18030) or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("bank", help="Name of the question bank.")
        parser.add_argument("file", help="Path of the question file.")
        parser.add_argument(
            "--create-bank",
            action="store_true",
            help="Create the bank if there is none of that name.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change; change nothing.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %s") % path)
        bank = QuestionBank.objects.filter(name=options["bank"]).first()
        if bank is None and options["create_bank"] and not options["dry_run"]:
            bank = QuestionBank.objects.create(name=options["bank"])
        if bank is None:
            raise CommandError(_("No such question bank: %s") % options["bank"])
        try:
            report = import_bank(
                bank=bank,
                content=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
            )
        except BankImportError as error:
            lines = [
                _("%(file)s was rejected; nothing was imported:") % {"file": path.name}
            ]
            lines += [
                "  " + _("line %(line)d: %(message)s") % {"line": line, "message": text}
                for line, text in error.errors
            ]
            raise CommandError("\n".join(lines)) from error
        prefix = _("Dry run, nothing saved: ") if report.dry_run else ""
        self.stdout.write(
            prefix
            + _(
                "%(rows)d questions: %(created)d new, %(updated)d updated, "
                "%(unchanged)d unchanged."
            )
            % report.as_dict()
        )
