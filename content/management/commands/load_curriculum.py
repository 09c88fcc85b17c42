from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from content.curriculum import ROOT, check_curriculum, load_curriculum
from content.curriculum_files import CurriculumError


class Command(BaseCommand):
    help = (
        "Create or update the built-in courses, lessons, question banks, quizzes and "
        "exams from content/curriculum/. Running it again changes only what differs. "
        "With --check, only read and check the files (every problem, with its file "
        "and line) and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=ROOT, help="curriculum folder")
        parser.add_argument(
            "--check",
            action="store_true",
            help="check the files and write nothing to the database",
        )

    def handle(self, *args, root, check, verbosity=1, **options):
        try:
            if check:
                return self._check(root)
            report = load_curriculum(root)
        except CurriculumError as error:
            problems = getattr(error, "errors", [error])
            raise CommandError(f"{len(problems)} problem(s):\n{error}") from error
        except ValidationError as error:
            raise CommandError(f"a lesson body is refused: {error}") from error
        if verbosity >= 2:  # one line per object only when asked for
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

    def _check(self, root: Path) -> None:
        courses = check_curriculum(root)
        lessons = sum(len(course.lessons) for course in courses)
        questions = sum(len(course.questions) for course in courses)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(courses)} courses, {lessons} lessons, {questions} questions: "
                "every check passes."
            )
        )
