from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from courses.models import CataloguePage
from courses.services.cmi5_courses import import_into_catalogue
from packages.exceptions import PackageError

CONTENT_TYPES = {".zip": "application/zip", ".xml": "application/xml"}


class Command(BaseCommand):
    help = (
        "Import a cmi5 course (a zip with cmi5.xml at its root, or a bare cmi5.xml) "
        "into the catalogue: a course page with one lesson per AU, as drafts for "
        "review unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The course's zip or cmi5.xml file.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="The catalogue to import into, by its language (default: %(default)s).",
        )
        parser.add_argument("--user", help="The trainer recorded as the importer.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pages at once."
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None or not path.is_file():
            raise CommandError("Give the path of a .zip or .xml file.")
        catalogue = CataloguePage.objects.filter(
            locale__language_code=options["language"]
        ).first()
        if catalogue is None:
            raise CommandError("There is no catalogue in this language.")
        user = self._user(options["user"])
        try:
            course = import_into_catalogue(
                path.read_bytes(),
                content_type,
                catalogue=catalogue,
                filename=path.name,
                user=user,
                publish=options["publish"],
            )
        except PackageError as error:
            raise CommandError(str(error.message)) from error
        state = "published" if options["publish"] else "saved as drafts for review"
        self.stdout.write(
            f"{course.title}: course page {course.pk} with "
            f"{course.get_children().count()} lessons, {state}."
        )

    def _user(self, username):
        if not username:
            return None
        model = get_user_model()
        user = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
        if user is None or not user.is_active:
            raise CommandError("No active user has this username.")
        return user
