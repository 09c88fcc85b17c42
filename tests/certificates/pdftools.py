"""Reading PDFs the way a user's tools do: poppler's pdftotext, pdffonts, pdfinfo,
pdftoppm, and zbarimg for the QR code."""

import re
import subprocess
import tempfile
from pathlib import Path


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _with_file(data: bytes, *command: str, after: tuple = ()) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(data)
        return _run(*command, str(path), *after)


def text(data: bytes) -> str:
    """The text pdftotext reads, with line breaks and runs of spaces as one space."""
    return " ".join(
        _with_file(data, "pdftotext", "-enc", "UTF-8", after=("-",)).split()
    )


def raw_text(data: bytes) -> str:
    """The text with every space removed (Chinese lines break anywhere)."""
    return "".join(text(data).split())


def fonts(data: bytes) -> list[dict]:
    """pdffonts' table: one dict per font with name, type, emb, sub, uni."""
    lines = _with_file(data, "pdffonts").splitlines()[2:]
    rows = []
    for line in lines:
        match = re.match(
            r"(\S+)\s+(.+?)\s+(Identity-H|\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)", line
        )
        if match:
            name, kind, _encoding, emb, sub, uni = match.groups()
            rows.append(
                {"name": name, "type": kind, "emb": emb, "sub": sub, "uni": uni}
            )
    return rows


def info(data: bytes) -> dict[str, str]:
    """pdfinfo's fields (Title, Author, Pages, Page size, …)."""
    fields = {}
    for line in _with_file(data, "pdfinfo").splitlines():
        key, _colon, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def qr_codes(data: bytes, dpi: int = 200) -> list[str]:
    """What zbarimg reads from the first page rasterised at ``dpi``."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "certificate.pdf"
        pdf.write_bytes(data)
        prefix = Path(folder) / "page"
        _run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(prefix))
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{prefix}.png"],
            capture_output=True,
            text=True,
        )
    return result.stdout.split()


def drawn_characters(data: bytes) -> dict[int, bool]:
    """Every character an embedded font maps, and whether its glyph has an outline.

    A character set from a font that lacks it is drawn as that font's
    ``.notdef`` (a box or nothing): it is either missing here or False.
    """
    from io import BytesIO

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont
    from pyhanko.pdf_utils.reader import PdfFileReader

    drawn: dict[int, bool] = {}
    reader = PdfFileReader(BytesIO(data))
    for program in _font_programs(reader.root["/Pages"]["/Kids"][0].get_object()):
        font = TTFont(BytesIO(program))
        glyphs = font.getGlyphSet()
        for codepoint, name in font.getBestCmap().items():
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            drawn[codepoint] = drawn.get(codepoint, False) or (
                name != ".notdef" and pen.bounds is not None
            )
    return drawn


def _font_programs(node, seen=None):
    # Fonts sit in the page's resources and in those of its form XObjects
    # (WeasyPrint draws SVG images, such as the seal, as XObjects).
    seen = set() if seen is None else seen
    resources = _entry(node, "/Resources")
    for font in _entry(resources, "/Font").values():
        font = font.get_object()
        for descendant in _entry(font, "/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"]
            for key in ("/FontFile3", "/FontFile2"):
                if key in descriptor:
                    stream = descriptor[key]
                    if id(stream) not in seen:
                        seen.add(id(stream))
                        yield stream.data
    for xobject in _entry(resources, "/XObject").values():
        yield from _font_programs(xobject.get_object(), seen)


def _entry(dictionary, key, default=None):
    # pyHanko's [] follows indirect references (its get() does not).
    if key not in dictionary:
        return {} if default is None else default
    return dictionary[key]


def images(data: bytes) -> list[dict]:
    """pdfimages' list: one dict per image drawn, with its width and height in pixels."""
    lines = _with_file(data, "pdfimages", "-list").splitlines()[2:]
    return [
        {"width": int(columns[3]), "height": int(columns[4]), "type": columns[2]}
        for columns in (line.split() for line in lines)
    ]
