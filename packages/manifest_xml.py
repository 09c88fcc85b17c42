"""XML and path helpers shared by the manifest readers. No database."""

import posixpath
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from .exceptions import PackageError


def parse_xml(data: bytes, path: str) -> ElementTree.Element:
    """Parse a manifest; raise ``PackageError`` if it is not well-formed."""
    # Expat 2.4.1+ refuses entity expansion attacks and ElementTree never
    # fetches external entities (Python docs, "XML vulnerabilities").
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise PackageError(
            _("The manifest %(name)s is not well-formed XML: %(error)s")
            % {"name": path, "error": error}
        ) from error


def local(tag) -> str:
    """Return an element's tag without its namespace (comments have none)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child(element, name: str):
    return next((item for item in element if local(item.tag) == name), None)


def children(element, name: str) -> list:
    return [item for item in element if local(item.tag) == name]


def text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def attribute(element, name: str) -> str:
    """Return an attribute by its local name, in any namespace and any case.

    SCORM 1.2 spells ``adlcp:scormtype`` and 2004 ``adlcp:scormType``; both
    are met in the wild with either prefix.
    """
    wanted = name.lower()
    for key, value in element.attrib.items():
        if local(key).lower() == wanted:
            return value.strip()
    return ""


def resolve(folder: str, url: str) -> str:
    """Return a launch URL as a path from the zip root, keeping its query."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(folder, path)) if path else ".."
    external = parts.scheme or parts.netloc or path.startswith("/")
    if external or joined == ".." or joined.startswith("../"):
        raise PackageError(
            _("The launch address %(url)s is not a file in the package.") % {"url": url}
        )
    return f"{joined}?{parts.query}" if parts.query else joined
