from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.banks import export_bank
from assessments.models import QuestionBank
from assessments.resources import file_format_of


class Command(BaseCommand):
    help = "Export every question of a bank to a CSV or XLSX file (by its extension)."

    def add_arguments(self, parser):
        parser.add_argument("bank", help="Name of the question bank.")
        parser.add_argument("file", help="Path of the file to write (.csv or .xlsx).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        file_format = file_format_of(path.name)
        if file_format is None:
            raise CommandError(_("The file name must end in .csv or .xlsx."))
        bank = QuestionBank.objects.filter(name=options["bank"]).first()
        if bank is None:
            raise CommandError(_("No such question bank: %s") % options["bank"])
        path.write_bytes(export_bank(bank=bank, file_format=file_format))
        self.stdout.write(
            _("%(count)d questions written to %(file)s.")
            % {"count": bank.questions.count(), "file": path}
        )
