"""Unpack a package zip into storage safely, and find its files there. No database.

Every check that protects the server (member paths, symlinks, file count,
unpacked size) runs before anything is written.
"""

import posixpath
import re
import stat
import zipfile
import zlib

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from .exceptions import PackageError

DRIVE_LETTER = re.compile(r"^[A-Za-z]:")


def max_files() -> int:
    return getattr(settings, "CONTENT_PACKAGE_MAX_FILES", 5000)


def max_bytes() -> int:
    return getattr(settings, "CONTENT_PACKAGE_MAX_BYTES", 500 * 1024 * 1024)


def package_folder(package_uuid) -> str:
    """Return the storage folder a package is unpacked into."""
    return f"packages/{package_uuid}/"


def open_zip(file) -> zipfile.ZipFile:
    """Open ``file`` from its start as a zip; raise ``PackageError`` if it is not one."""
    file.seek(0)
    try:
        return zipfile.ZipFile(file)
    except zipfile.BadZipFile as error:
        raise PackageError(_("The file is not a zip file.")) from error


def check_members(members: list[zipfile.ZipInfo]) -> None:
    """Raise ``PackageError`` unless the members are few, small and safe to write."""
    if len(members) > max_files():
        raise PackageError(
            _("The package has %(count)d files; at most %(limit)d are allowed.")
            % {"count": len(members), "limit": max_files()}
        )
    if sum(member.file_size for member in members) > max_bytes():
        raise PackageError(
            _("The package unpacks to more than %(limit)d MB.")
            % {"limit": max_bytes() // (1024 * 1024)}
        )
    for member in members:
        if not _is_safe(member):
            raise PackageError(
                _("The package contains an unsafe file path: %(name)s")
                % {"name": member.filename}
            )


def _is_safe(member: zipfile.ZipInfo) -> bool:
    name = member.filename
    # Unix permission bits live in the high 16 bits of external_attr
    # (APPNOTE.TXT 4.4.15); a symlink could point anywhere on the server.
    if stat.S_ISLNK(member.external_attr >> 16):
        return False
    # APPNOTE.TXT 4.4.17: names use forward slashes and have no drive or
    # leading slash, so anything else is a crafted path.
    if "\\" in name or "\0" in name or name.startswith("/") or DRIVE_LETTER.match(name):
        return False
    return ".." not in name.split("/")


def extract(file, *, storage, folder: str) -> list[str]:
    """Write every file of a checked package under ``folder`` in ``storage``.

    Return the stored names. Nothing is overwritten: if a name is taken, or
    unpacking fails, the files written so far are deleted and ``PackageError``
    is raised.
    """
    written = []
    try:
        with open_zip(file) as archive:
            for member in archive.infolist():
                if not member.is_dir():
                    written.append(_extract_member(archive, member, storage, folder))
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as error:
        delete_files(storage, written)
        raise PackageError(
            _("The package could not be unpacked: %s") % error
        ) from error
    except BaseException:
        delete_files(storage, written)
        raise
    file.seek(0)
    return written


def delete_files(storage, names) -> None:
    for name in names:
        storage.delete(name)


def delete_folder(storage, folder: str) -> None:
    """Delete a folder's files in ``storage``, recursively."""
    folder = folder.rstrip("/")
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    delete_files(storage, (f"{folder}/{name}" for name in files))
    for name in folders:
        delete_folder(storage, f"{folder}/{name}")


def member_name(package_uuid, path: str) -> str | None:
    """Return the storage name of ``path`` in a package, or None if it is unsafe."""
    if not path or "\\" in path or "\0" in path:
        return None
    if any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return package_folder(package_uuid) + path


def _extract_member(archive, member, storage, folder: str) -> str:
    name = folder + member.filename
    with archive.open(member) as source:
        content = File(source, name=posixpath.basename(name))
        # File would otherwise guess the size from a path of the same name
        # in the working directory.
        content.size = member.file_size
        stored = storage.save(name, content)
    if stored != name:
        storage.delete(stored)
        raise PackageError(_("The package could not be stored: %s exists.") % name)
    return stored
