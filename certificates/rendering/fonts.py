"""The certificate's fonts: Noto Serif CJK cut once to GB 2312, and the rest on demand.

WeasyPrint embeds a subset of each font it uses, but keeps the glyph IDs of
the font it was given (HarfBuzz's ``RETAIN_GIDS``), so every glyph up to the
highest one used still costs a few bytes, and Noto CJK has 65,535. Measured:
one certificate set in the full Noto Serif CJK is 227 KB, one in a copy cut
once to GB 2312 (7,830 glyphs) is 67 KB and renders four times as fast, and
a single Extension-B character from the full font (glyph 59,416) adds 110 KB.

So the text is set in the GB 2312 cut, kept in ``CERTIFICATE_FONT_DIR`` and
reused by every process. A character outside it (a rare character in a name,
生僻字 such as 𠈌) is taken from the first full font of ``FALLBACK_FAMILIES``
that has it, through a small font cut for just the characters of that
certificate, cached beside the cut by its content. The full fonts themselves
close the CSS font list, so a character never ends up as a box. See
docs/certificates.md for the chain and why it ends with Hanazono.
"""

import hashlib
import logging
import os
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# Bump to cut again (the cache file names carry it).
CUT_VERSION = "1"
CUT_FAMILY = "Certificate Serif"
MAIN_FAMILY = "Noto Serif CJK SC"
# The full fonts a character outside the cut comes from, in order. Noto
# Serif CJK has 2,057 of Extension B's 42,720 characters; Hanazono Mincho
# (Debian's fonts-hanazono) has all of Extensions B to F; BabelStone Han
# (fonts-babelstone-han, not installed by default) adds some of G. A family
# that is not installed is skipped.
FALLBACK_FAMILIES = (MAIN_FAMILY, "HanaMinA", "HanaMinB", "BabelStone Han")
WEIGHTS = {"normal": "regular", "bold": "bold"}
# The cut's own tables are enough to set horizontal Chinese and Latin text;
# WeasyPrint drops GSUB and GPOS when it embeds a font anyway.
_DROPPED_TABLES = ["GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx", "JSTF"]


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule: a family, a weight and the font file."""

    family: str
    weight: str
    path: Path

    def css(self) -> str:
        return (
            f"@font-face {{ font-family: '{self.family}'; "
            f"font-weight: {self.weight}; src: url({self.path.as_uri()}) }}"
        )


@dataclass(frozen=True)
class SystemFont:
    """A font file fontconfig found, and the index of the face in it."""

    path: Path
    index: int

    def identity(self) -> str:
        stat = self.path.stat()
        return f"{self.path}:{self.index}:{stat.st_size}:{stat.st_mtime_ns}"


def font_dir() -> Path:
    folder = Path(settings.CERTIFICATE_FONT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@cache
def system_font(family: str, weight: str = "regular") -> SystemFont | None:
    """Return the installed font of ``family`` in ``weight``, or None."""
    # fc-match always answers with some font; only an exact family counts.
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{family}\t%{file}\t%{index}", f"{family}:{weight}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    families, path, index = (found.split("\t") + ["", "", ""])[:3]
    if family not in families.split(","):
        return None
    return SystemFont(Path(path), int(index or 0))


def main_font(weight: str) -> SystemFont:
    font = system_font(MAIN_FAMILY, weight)
    if font is None:
        raise ImproperlyConfigured(
            f"{MAIN_FAMILY} ({weight}) is not installed: run scripts/system-deps.sh "
            "(Debian package fonts-noto-cjk)."
        )
    return font


def gb2312_characters() -> frozenset[int]:
    """Return GB 2312's characters, with ASCII, Latin-1 and the punctuation blocks."""
    characters = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    characters |= set(range(0x2000, 0x2070)) | set(range(0x2100, 0x2200))
    characters |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return frozenset(characters)


def _cut(source: SystemFont, target: Path, unicodes, family: str) -> Path:
    """Write ``source`` cut to ``unicodes`` and named ``family`` to ``target``.

    The cut is renamed so that fontconfig never takes it for the full font
    it came from, which the CSS font list names as a fallback. The write is
    atomic; the target is returned.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source.path, fontNumber=source.index, lazy=True)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += _DROPPED_TABLES
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    _rename(font, family)
    # Another process may cut the same font at the same time: each writes a
    # file of its own and the rename makes one of them the cut, whole.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        font.save(temporary)
        # mkstemp makes the file private; the fonts are no secret, and the
        # web and worker processes may run as different users.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def _rename(font, family: str) -> None:
    names = font["name"]
    style = names.getDebugName(2) or "Regular"
    postscript = f"{family}-{style}".replace(" ", "")
    names.names = [n for n in names.names if n.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, value in (
        (1, family),
        (2, style),
        (3, postscript),
        (4, f"{family} {style}"),
        (6, postscript),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@cache
def cut_faces() -> tuple[FontFace, ...]:
    """Return the GB 2312 cut of Noto Serif CJK in both weights, cutting it once.

    The first call in a new ``CERTIFICATE_FONT_DIR`` takes about 12 seconds
    per weight; later calls, in any process, find the files.
    """
    faces = []
    for css_weight, weight in WEIGHTS.items():
        source = main_font(weight)
        name = f"cut-gb2312-{weight}-{_digest(CUT_VERSION, source.identity())}.otf"
        target = font_dir() / name
        if not target.exists():
            logger.info("Cutting %s to GB 2312 into %s", source.path, target)
            _cut(source, target, gb2312_characters(), f"{CUT_FAMILY} GB2312")
        faces.append(FontFace(CUT_FAMILY, css_weight, target))
    return tuple(faces)


@cache
def _coverage(path: Path, index: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, fontNumber=index, lazy=True).getBestCmap())


def cut_coverage() -> frozenset[int]:
    return _coverage(cut_faces()[0].path)


def outside_cut(text: str) -> str:
    """Return the characters of ``text`` the cut lacks, each once, in order."""
    covered = cut_coverage()
    return "".join(
        dict.fromkeys(c for c in text if ord(c) not in covered and c.isprintable())
    )


def rare_faces(text: str) -> tuple[FontFace, ...]:
    """Return the faces that set the characters of ``text`` outside the cut.

    Each character comes from the first of ``FALLBACK_FAMILIES`` that has it,
    through a font cut for those characters alone (about 3 KB, cached by its
    characters and source). Characters no installed font has are left to the
    renderer's own fallback.
    """
    rare = outside_cut(text)
    if not rare:
        return ()
    by_family: dict[str, list[str]] = {}
    for character in rare:
        family = _first_family_with(ord(character))
        if family is not None:
            by_family.setdefault(family, []).append(character)
    faces = []
    for number, (family, characters) in enumerate(by_family.items()):
        for css_weight, weight in WEIGHTS.items():
            source = system_font(family, weight)
            if source is not None:
                faces.append(
                    _rare_face(number, css_weight, source, "".join(characters))
                )
    return tuple(faces)


def _at(font: SystemFont) -> tuple[Path, int]:
    return font.path, font.index


def _first_family_with(codepoint: int) -> str | None:
    for family in FALLBACK_FAMILIES:
        font = system_font(family)
        if font is not None and codepoint in _coverage(*_at(font)):
            return family
    return None


def _rare_face(number: int, css_weight: str, source: SystemFont, text: str) -> FontFace:
    digest = _digest(CUT_VERSION, source.identity(), text)
    target = font_dir() / f"rare-{digest}.otf"
    # One family per source: a source without a bold lends its regular to both.
    family = f"Certificate Rare {number} {_digest(text)[:8]}"
    if not target.exists():
        _cut(source, target, [ord(c) for c in text], family)
    return FontFace(family, css_weight, target)


def families(rare: tuple[FontFace, ...] = ()) -> str:
    """Return the CSS font-family list: the cut, the rare faces, the full fonts."""
    names = [CUT_FAMILY, *dict.fromkeys(face.family for face in rare)]
    names += FALLBACK_FAMILIES
    return ", ".join(f"'{name}'" for name in names) + ", serif"
