"""Import a cmi5 course: a zip with cmi5.xml at its root, or a bare cmi5.xml.

cmi5 section 14: a zip's relative AU URLs name its own files, which are
unpacked as a ``Package`` and served like every package's; a bare cmi5.xml
may only point at AUs elsewhere. Nothing is stored for a refused course.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from .cmi5_models import Cmi5Course
from .cmi5_structure import read_structure
from .exceptions import PackageError
from .manifest import MAX_MANIFEST_BYTES
from .models import Package
from .unpacking import check_members, open_zip

XML_TYPES = frozenset({"text/xml", "application/xml"})
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})


def media_type(content_type: str) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_course(data: bytes, content_type: str) -> tuple[dict, bool]:
    """Return a course's structure and whether it is a zip; raise ``PackageError``."""
    kind = media_type(content_type)
    if kind in XML_TYPES:
        return read_structure(data, None), False
    if kind not in ZIP_TYPES:
        raise PackageError(_("A cmi5 course is a zip file or a cmi5.xml file."))
    with open_zip(io.BytesIO(data)) as archive:
        members = archive.infolist()
        check_members(members)
        names = {member.filename for member in members}
        if "cmi5.xml" not in names:
            raise PackageError(_("The zip has no cmi5.xml at its root."))
        if archive.getinfo("cmi5.xml").file_size > MAX_MANIFEST_BYTES:
            raise PackageError(
                _("The manifest %(name)s is too large.") % {"name": "cmi5.xml"}
            )
        return read_structure(archive.read("cmi5.xml"), names), True


@transaction.atomic
def import_course(
    data: bytes, content_type: str, *, filename: str = "", user=None
) -> Cmi5Course:
    """Check and store a cmi5 course; raise ``PackageError`` and store nothing if invalid."""
    structure, is_zip = read_course(data, content_type)
    title = structure["course"]["title"] or structure["course"]["id"]
    package = None
    if is_zip and any(_is_relative(au["url"]) for au in structure["aus"]):
        package = Package(
            title=title[:255],
            file=ContentFile(data, name=(filename or "cmi5.zip")[-100:]),
            uploaded_by=user,
        )
        package.save()
    return Cmi5Course.objects.create(
        publisher_id=structure["course"]["id"],
        title=title[:512],
        structure=structure,
        package=package,
        imported_by=user,
    )


def _is_relative(url: str) -> bool:
    return "://" not in url.split("?", 1)[0]


def delete_course(course: Cmi5Course) -> None:
    """Delete a course, its registrations and the package holding its files."""
    with transaction.atomic():
        package = course.package
        course.delete()
        if package is not None and not package.cmi5_courses.exists():
            package.delete()
