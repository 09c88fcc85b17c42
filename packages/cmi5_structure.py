"""Read a whole cmi5 course structure (cmi5.xml, cmi5 section 13). No database.

``read_structure`` checks what the course structure XSD and sections 13 and
14 require of a course (element order, IRIs, unique ids, AU URLs, the launch
parameters an AU URL must not carry) and returns the course, its blocks and
its AUs as plain data, AUs in document order: their index is the one the
LMS launches them by. Every refusal is a ``PackageError``.
"""

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.translation import gettext as _

from .exceptions import PackageError
from .manifest_xml import local, parse_xml, text

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed")
NOT_APPLICABLE = "NotApplicable"
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")
# Section 8.1: the LMS adds these to the AU's URL; an AU may not set them.
RESERVED_PARAMETERS = frozenset(
    {"endpoint", "fetch", "actor", "registration", "activityId"}
)
MAX_AUS = 5000
# Child elements (cmi5 namespace only) of each element, in the XSD's order.
# Elements of other namespaces are extensions (xs:any ##other) and skipped.
_CONTENT = {
    "courseStructure": r"course (objectives )?((au|block) )+",
    "course": r"title description (customExtensions )?",
    "block": r"title description (objectives )?((au|block) )+",
    "au": (
        r"title description (objectives )?url (launchParameters )?"
        r"(entitlementKey )?"
    ),
    "objectives": r"(objective )+",
    "title": r"(langstring )+",
    "description": r"(langstring )+",
}
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_URL_CHARACTERS = re.compile(r"[^\s<>\"{}|\\^`]+")


def _invalid(message: str) -> PackageError:
    return PackageError(message)


def _named(element) -> list:
    """Return the children of ``element`` in the cmi5 namespace."""
    return [
        item
        for item in element
        if isinstance(item.tag, str) and item.tag.startswith("{" + NAMESPACE + "}")
    ]


def _check_content(element) -> None:
    name = local(element.tag)
    pattern = _CONTENT.get(name)
    if pattern is not None:
        order = "".join(local(item.tag) + " " for item in _named(element))
        if not re.fullmatch(pattern, order):
            raise _invalid(
                _(
                    "The course structure's <%(name)s> element is not as cmi5.xml's schema defines it."
                )
                % {"name": name}
            )
    for item in _named(element):
        _check_content(item)


def _langstring(element) -> str:
    if element is None:
        return ""
    return next((text(item) for item in _named(element) if text(item)), "")


def _child(element, name: str):
    return next((item for item in _named(element) if local(item.tag) == name), None)


def _iri(value: str, what: str) -> str:
    value = (value or "").strip()
    if not _IRI.fullmatch(value):
        raise _invalid(
            _("The %(what)s ID %(value)s is not an IRI.")
            % {"what": what, "value": value or "-"}
        )
    return value


class _Reader:
    """One pass over a checked courseStructure, collecting blocks and AUs."""

    def __init__(self, names: set[str] | None):
        self.names = names
        self.blocks: list[dict] = []
        self.aus: list[dict] = []
        self.ids: dict[str, set[str]] = {
            "block": set(),
            "au": set(),
            "objective": set(),
        }

    def unique(self, kind: str, value: str) -> None:
        if value in self.ids[kind]:
            raise _invalid(
                _("The course structure names the ID %(value)s twice.")
                % {"value": value}
            )
        self.ids[kind].add(value)

    def objectives(self, element) -> None:
        holder = _child(element, "objectives")
        for objective in _named(holder) if holder is not None else []:
            self.unique("objective", _iri(objective.get("id"), _("objective")))

    def references(self, element) -> None:
        holder = _child(element, "objectives")
        for objective in _named(holder) if holder is not None else []:
            if (
                _iri(objective.get("idref"), _("objective"))
                not in self.ids["objective"]
            ):
                raise _invalid(_("An AU or block refers to an undeclared objective."))

    def members(self, element, parents: tuple[int, ...]) -> None:
        for item in _named(element):
            if local(item.tag) == "block":
                self.block(item, parents)
            elif local(item.tag) == "au":
                self.au(item, parents)

    def block(self, element, parents: tuple[int, ...]) -> None:
        block_id = _iri(element.get("id"), _("block"))
        self.unique("block", block_id)
        self.references(element)
        index = len(self.blocks)
        self.blocks.append(
            {
                "id": block_id,
                "title": _langstring(_child(element, "title")),
                "parents": list(parents),
                "aus": [],
            }
        )
        self.members(element, (*parents, index))

    def au(self, element, parents: tuple[int, ...]) -> None:
        if len(self.aus) >= MAX_AUS:
            raise _invalid(
                _("The course has more than %(limit)d AUs.") % {"limit": MAX_AUS}
            )
        au_id = _iri(element.get("id"), _("AU"))
        self.unique("au", au_id)
        self.references(element)
        au = {
            "id": au_id,
            "title": _langstring(_child(element, "title")),
            "description": _langstring(_child(element, "description")),
            "url": self.url(text(_child(element, "url"))),
            "parents": list(parents),
            **_au_attributes(element),
            "launch_parameters": text(_child(element, "launchParameters")),
            "entitlement_key": text(_child(element, "entitlementKey")),
        }
        for block in parents:
            self.blocks[block]["aus"].append(len(self.aus))
        self.aus.append(au)

    def url(self, url: str) -> str:
        if not url or not _URL_CHARACTERS.fullmatch(url):
            raise _invalid(_("An AU's URL is not a valid URL."))
        parts = urlsplit(url)
        keys = {key for key, _value in parse_qsl(parts.query, keep_blank_values=True)}
        if keys & RESERVED_PARAMETERS:
            raise _invalid(
                _("An AU's URL sets a launch parameter the LMS adds: %(names)s")
                % {"names": ", ".join(sorted(keys & RESERVED_PARAMETERS))}
            )
        if parts.scheme:
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise _invalid(_("An AU's URL is not a valid URL."))
            return url
        return self.relative(url, parts)

    def relative(self, url: str, parts) -> str:
        if self.names is None:
            raise _invalid(
                _("An AU's URL is relative, so the course must be a zip that holds it.")
            )
        path = unquote(parts.path)
        if parts.netloc or path.startswith("/") or path not in self.names:
            raise _invalid(
                _("An AU's URL %(url)s names no file in the package.") % {"url": url}
            )
        return url


def _au_attributes(element) -> dict:
    move_on = element.get("moveOn", NOT_APPLICABLE)
    if move_on not in (*MOVE_ON, NOT_APPLICABLE):
        raise _invalid(
            _("The manifest gives an unknown moveOn value: %(value)s")
            % {"value": move_on}
        )
    launch_method = element.get("launchMethod", "AnyWindow")
    if launch_method not in LAUNCH_METHODS:
        raise _invalid(_("An AU's launchMethod is neither AnyWindow nor OwnWindow."))
    activity_type = (element.get("activityType") or "").strip()
    if activity_type:
        _iri(activity_type, _("activity type"))
    return {
        "move_on": move_on,
        "mastery_score": _mastery(element.get("masteryScore")),
        "launch_method": launch_method,
        "activity_type": activity_type,
    }


def _mastery(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 1:
        raise _invalid(_("An AU's masteryScore is not a decimal from 0 to 1."))
    return score


def read_structure(data: bytes, names: set[str] | None = None) -> dict:
    """Return a course structure as plain data; raise ``PackageError`` if invalid.

    ``names`` are the files of the zip the structure came in (relative AU
    URLs must name one of them), or None for a bare cmi5.xml, whose AUs must
    all be absolute URLs (section 14.2).
    """
    root = parse_xml(data, "cmi5.xml")
    if root.tag != f"{{{NAMESPACE}}}courseStructure":
        raise _invalid(
            _("The manifest's root element must be <%(expected)s>.")
            % {"expected": "courseStructure"}
        )
    _check_content(root)
    course = _child(root, "course")
    reader = _Reader(names)
    course_id = _iri(course.get("id"), _("course"))
    reader.objectives(root)
    reader.members(root, ())
    return {
        "course": {
            "id": course_id,
            "title": _langstring(_child(course, "title")),
            "description": _langstring(_child(course, "description")),
        },
        "blocks": reader.blocks,
        "aus": reader.aus,
    }
