"""Read the manifest of an HTML5 e-learning package zip. No database.

A package is a zip with ``tincan.xml`` (the TinCan launch convention, see
https://github.com/RusticiSoftware/launch/blob/master/lms_lrs.md), ``cmi5.xml``
(cmi5 course structure, https://aicc.github.io/CMI-5_Spec_Current/ section 13) or
``imsmanifest.xml`` (SCORM 1.2 or 2004, read by ``scorm_manifest``) at its root
or in its single top-level folder. The zip passes the unpacking checks
(``unpacking.check_members``) before its manifest is read.
"""

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .exceptions import PackageError
from .manifest_xml import child as _child
from .manifest_xml import local as _local
from .manifest_xml import parse_xml as _parse_xml
from .manifest_xml import resolve as _resolve
from .manifest_xml import text as _text
from .unpacking import check_members, open_zip

TINCAN = "tincan"
CMI5 = "cmi5"
SCORM12 = "scorm12"
SCORM2004 = "scorm2004"
SCORM = "scorm"
SCORM_KINDS = frozenset({SCORM12, SCORM2004})
# cmi5 first: a package that carries both is a cmi5 package with a fallback;
# authoring tools that publish xAPI and SCORM at once are played as xAPI.
MANIFESTS = {"cmi5.xml": CMI5, "tincan.xml": TINCAN, "imsmanifest.xml": SCORM}
CMI5_MOVE_ON = frozenset(
    {"Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"}
)
# macOS adds this folder to zips it makes; it is never part of the package.
IGNORED_TOP_LEVEL = {"__MACOSX"}
MAX_MANIFEST_BYTES = 1024 * 1024
# Column sizes of packages.Package, checked here so that a long value is a
# message to the uploader rather than a database error.
MAX_ID_LENGTH = 2048
MAX_LAUNCH_LENGTH = 1024


@dataclass(frozen=True)
class Sco:
    """One SCO of a SCORM package, in the order its organisation lists it.

    ``mastery`` is the pass mark as a scaled score (0 to 1) when the manifest
    gives one (``adlcp:masteryscore``, ``imsss:minNormalizedMeasure``).
    """

    identifier: str
    activity_id: str
    title: str
    launch_path: str
    mastery: float | None = None

    def as_dict(self) -> dict:
        return {
            "identifier": self.identifier,
            "activity_id": self.activity_id,
            "title": self.title,
            "launch_path": self.launch_path,
            "mastery": self.mastery,
        }


@dataclass(frozen=True)
class Manifest:
    """What the LMS needs to know about a package, as its manifest declares it.

    ``launch_path`` is relative to the zip root and may end with the query
    string the manifest gives; ``au_id`` and ``move_on`` are empty for TinCan
    and SCORM; ``scos`` is empty but for SCORM, whose ``launch_path`` is its
    first SCO's.
    """

    kind: str
    activity_id: str
    launch_path: str
    title: str
    au_id: str = ""
    move_on: str = ""
    scos: tuple[Sco, ...] = ()


def read_manifest(file) -> Manifest:
    """Check a package zip and return its manifest; leave ``file`` rewound.

    Raise ``PackageError`` if the file is not a zip, has an unsafe member, is
    over the size limits, or has no manifest naming a launch file it contains.
    """
    with open_zip(file) as archive:
        members = archive.infolist()
        check_members(members)
        names = {member.filename for member in members}
        path, kind = _find_manifest(names)
        if archive.getinfo(path).file_size > MAX_MANIFEST_BYTES:
            raise PackageError(
                _("The manifest %(name)s is too large.") % {"name": path}
            )
        root = _parse_xml(archive.read(path), path)
    file.seek(0)
    folder = posixpath.dirname(path)
    manifest = READERS[kind](root, folder)
    _check_launch(manifest, names)
    return manifest


def _find_manifest(names: set[str]) -> tuple[str, str]:
    for folder in _candidate_folders(names):
        for filename, kind in MANIFESTS.items():
            if folder + filename in names:
                return folder + filename, kind
    raise PackageError(
        _(
            "The package has no tincan.xml, cmi5.xml or imsmanifest.xml at its root "
            "or in its folder."
        )
    )


def _candidate_folders(names: set[str]) -> list[str]:
    tops = {name.split("/", 1)[0] for name in names} - IGNORED_TOP_LEVEL
    if len(tops) != 1:
        return [""]
    folder = f"{tops.pop()}/"
    return ["", folder] if any(name.startswith(folder) for name in names) else [""]


def _check_root(root, expected: str) -> None:
    if _local(root.tag) != expected:
        raise PackageError(
            _("The manifest's root element must be <%(expected)s>.")
            % {"expected": expected}
        )


def _no_activity() -> PackageError:
    return PackageError(_("The manifest names no activity with a launch file."))


def _read_tincan(root, folder: str) -> Manifest:
    _check_root(root, "tincan")
    for activity in root.iter():
        if _local(activity.tag) != "activity":
            continue
        launch = _text(_child(activity, "launch"))
        activity_id = (activity.get("id") or "").strip()
        if launch and activity_id:
            return Manifest(
                kind=TINCAN,
                activity_id=activity_id,
                launch_path=_resolve(folder, launch),
                title=_text(_child(activity, "name")),
            )
    raise _no_activity()


def _read_cmi5(root, folder: str) -> Manifest:
    _check_root(root, "courseStructure")
    for au in root.iter():
        if _local(au.tag) != "au":
            continue
        url = _text(_child(au, "url"))
        au_id = (au.get("id") or "").strip()
        # An AU elsewhere on the web has no file here: the package plays the
        # first AU it holds (a whole course is a cmi5 course, cmi5_import).
        if url and au_id and not urlsplit(url).scheme:
            return Manifest(
                kind=CMI5,
                activity_id=au_id,
                launch_path=_resolve(folder, url),
                title=_cmi5_title(au),
                au_id=au_id,
                move_on=_move_on(au),
            )
    raise _no_activity()


def _cmi5_title(au) -> str:
    title = _child(au, "title")
    if title is None:
        return ""
    return next((_text(string) for string in title if _text(string)), "")


def _move_on(au) -> str:
    # cmi5 section 13.1.4: moveOn defaults to NotApplicable.
    move_on = au.get("moveOn", "NotApplicable")
    if move_on not in CMI5_MOVE_ON:
        raise PackageError(
            _("The manifest gives an unknown moveOn value: %(value)s")
            % {"value": move_on}
        )
    return move_on


def _check_launch(manifest: Manifest, names: set[str]) -> None:
    launches = [manifest.launch_path] + [sco.launch_path for sco in manifest.scos]
    ids = [manifest.activity_id] + [sco.activity_id for sco in manifest.scos]
    for launch_path in launches:
        launch_file = launch_path.split("?", 1)[0]
        if launch_file not in names:
            raise PackageError(
                _("The launch file %(name)s is not in the package.")
                % {"name": launch_file}
            )
        if len(launch_path) > MAX_LAUNCH_LENGTH:
            raise PackageError(_("The launch address is too long."))
    if any(len(activity_id) > MAX_ID_LENGTH for activity_id in ids):
        raise PackageError(_("The activity ID is too long."))


def _read_scorm(root, folder: str) -> Manifest:
    # Imported here: scorm_manifest builds on this module's Manifest and Sco.
    from .scorm_manifest import read_scorm

    return read_scorm(root, folder)


READERS = {CMI5: _read_cmi5, TINCAN: _read_tincan, SCORM: _read_scorm}
