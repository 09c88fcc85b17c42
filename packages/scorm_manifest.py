"""Read a SCORM 1.2 or 2004 ``imsmanifest.xml``. No database.

The manifest is IMS Content Packaging: ``organizations`` hold a tree of
``item`` elements, and an item's ``identifierref`` names a ``resource`` whose
``href`` is the file to launch (SCORM 1.2 CAM section 3.3; SCORM 2004 4th
Edition CAM sections 3.4.1.12 to 3.4.1.24). Only resources of type ``sco``
are kept: an asset cannot talk to the runtime, so it cannot be tracked.
Sequencing beyond the order of the items is not read (docs/architecture.md,
"SCORM packages").
"""

import posixpath
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import PackageError
from .manifest import SCORM12, SCORM2004, Manifest, Sco
from .manifest_xml import attribute, child, children, local, resolve, text

MAX_SCOS = 1000
MAX_TITLE_LENGTH = 512
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Namespaces of the ADL extensions: the 2004 ones (adlcp_v1p3, imsss,
# adlseq, adlnav) never appear in a 1.2 manifest, nor adlcp_rootv1p2 in 2004.
NAMESPACES_2004 = ("adlcp_v1p3", "imsss", "adlseq_v1p3", "adlnav_v1p3")
NAMESPACE_12 = "adlcp_rootv1p2"


def read_scorm(root, folder: str) -> Manifest:
    """Return the manifest of a SCORM package: its kind and its SCOs in order.

    Raise ``PackageError`` if the manifest names no SCORM version, no
    organisation, no SCO, or a SCO whose launch file leaves the package.
    """
    if local(root.tag) != "manifest":
        raise PackageError(
            _("The manifest's root element must be <%(expected)s>.")
            % {"expected": "manifest"}
        )
    identifier = attribute(root, "identifier")
    if not identifier:
        raise PackageError(_("The SCORM manifest has no identifier."))
    kind = _kind(root)
    organization = _organization(root)
    activity_id = package_activity_iri(identifier)
    resources = _resources(root, _join_base(folder, root))
    scos = _scos(organization, resources, activity_id, kind)
    title = text(child(organization, "title")) or scos[0].title
    return Manifest(
        kind=kind,
        activity_id=activity_id,
        launch_path=scos[0].launch_path,
        title=title[:MAX_TITLE_LENGTH],
        scos=tuple(scos),
    )


def package_activity_iri(identifier: str) -> str:
    """Return the activity IRI of a SCORM package (the course, in the xAPI SCORM Profile).

    The manifest identifier need not be an IRI, so it is put under the
    site's own ``/xapi/scorm/``: stable across uploads of the same package,
    and never one of the platform's course, lesson or exam activities.
    """
    return f"{settings.SITE_BASE_URL}/xapi/scorm/{quote(identifier, safe='')}"


def _kind(root) -> str:
    metadata = child(root, "metadata")
    version = text(child(metadata, "schemaversion")) if metadata is not None else ""
    if version == "1.2":
        return SCORM12
    if version.startswith(("2004", "CAM 1.3")):
        return SCORM2004
    namespaces = " ".join(_namespaces(root))
    if any(name in namespaces for name in NAMESPACES_2004):
        return SCORM2004
    if NAMESPACE_12 in namespaces:
        return SCORM12
    raise PackageError(
        _("The manifest does not say which SCORM version (1.2 or 2004) it follows.")
    )


def _namespaces(root):
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            yield element.tag[1:].split("}", 1)[0]
        for key in element.attrib:
            if key.startswith("{"):
                yield key[1:].split("}", 1)[0]


def _organization(root):
    organizations = child(root, "organizations")
    found = children(organizations, "organization") if organizations is not None else []
    if not found:
        raise PackageError(_("The SCORM manifest has no organization."))
    default = attribute(organizations, "default")
    return next(
        (item for item in found if attribute(item, "identifier") == default), found[0]
    )


def _join_base(folder: str, element) -> str:
    """Add an element's ``xml:base`` (CAM 3.4.1.13) to the folder paths resolve from."""
    base = (element.get(XML_BASE) or "").strip()
    return posixpath.join(folder, base) if base else folder


def _resources(root, folder: str) -> dict[str, tuple[str, str]]:
    """Map resource identifiers to (folder of the resource, its ``href``) for SCOs."""
    container = child(root, "resources")
    if container is None:
        return {}
    folder = _join_base(folder, container)
    found = {}
    for resource in children(container, "resource"):
        if attribute(resource, "scormType").lower() != "sco":
            continue
        href = attribute(resource, "href")
        if href:
            found[attribute(resource, "identifier")] = (
                _join_base(folder, resource),
                href,
            )
    return found


def _scos(organization, resources, activity_id: str, kind: str) -> list[Sco]:
    scos: list[Sco] = []
    seen = set()
    for item in _items(organization):
        resource = resources.get(attribute(item, "identifierref"))
        if resource is None:
            continue
        identifier = attribute(item, "identifier")
        if not identifier or identifier in seen:
            raise PackageError(
                _("Two items of the SCORM manifest have the identifier %(id)s.")
                % {"id": identifier or '""'}
            )
        seen.add(identifier)
        scos.append(_sco(item, identifier, resource, activity_id, kind))
        if len(scos) > MAX_SCOS:
            raise PackageError(
                _("The package has more than %(limit)d SCOs.") % {"limit": MAX_SCOS}
            )
    if not scos:
        raise PackageError(_("The SCORM manifest's organization names no SCO."))
    return scos


def _items(element):
    """Yield the items under ``element`` depth first, in document order."""
    for item in children(element, "item"):
        yield item
        yield from _items(item)


def _sco(item, identifier: str, resource, activity_id: str, kind: str) -> Sco:
    folder, href = resource
    launch = resolve(folder, _with_parameters(href, attribute(item, "parameters")))
    return Sco(
        identifier=identifier,
        activity_id=f"{activity_id}/{quote(identifier, safe='')}",
        title=text(child(item, "title"))[:MAX_TITLE_LENGTH],
        launch_path=launch,
        mastery=_mastery_12(item) if kind == SCORM12 else _mastery_2004(item),
    )


def _with_parameters(href: str, parameters: str) -> str:
    """Append an item's ``parameters`` to its resource's ``href`` (CAM 3.4.1.10)."""
    parameters = parameters.lstrip("?&")
    if not parameters or parameters.startswith("#"):
        return href
    return f"{href}{'&' if '?' in href else '?'}{parameters}"


def _mastery_12(item) -> float | None:
    value = text(child(item, "masteryscore"))
    if not value:
        return None
    score = _number(value)
    if not 0 <= score <= 100:
        raise _bad_mastery(value)
    return score / 100


def _mastery_2004(item) -> float | None:
    """Return ``minNormalizedMeasure`` of a primary objective satisfied by measure."""
    sequencing = child(item, "sequencing")
    objectives = child(sequencing, "objectives") if sequencing is not None else None
    primary = child(objectives, "primaryObjective") if objectives is not None else None
    if primary is None or attribute(primary, "satisfiedByMeasure") != "true":
        return None
    value = text(child(primary, "minNormalizedMeasure"))
    score = _number(value) if value else 1.0
    if not -1 <= score <= 1:
        raise _bad_mastery(value)
    return score


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise _bad_mastery(value) from None


def _bad_mastery(value: str) -> PackageError:
    return PackageError(
        _("The SCORM manifest gives an invalid mastery score: %(value)s")
        % {"value": value}
    )
