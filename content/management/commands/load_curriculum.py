from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.curriculum import ROOT, load_curriculum
from content.curriculum_files import CurriculumError


class Command(BaseCommand):
    help = (
        "Create or update the built-in courses, lessons, question banks, quizzes and "
        "exams from content/curriculum/. Running it again changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=ROOT, help="curriculum folder")

    def handle(self, *args, root, **options):
        try:
            report = load_curriculum(root)
        except CurriculumError as error:
            raise CommandError(str(error)) from error
        for line in report.created:
            self.stdout.write(f"created {line}")
        for line in report.updated:
            self.stdout.write(f"updated {line}")
        if not report.changed:
            self.stdout.write("The curriculum is up to date.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(report.created)} created, {len(report.updated)} updated."
                )
            )
