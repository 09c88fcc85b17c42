"""A one-sheet XLSX file written as it is read: SpreadsheetML straight into a ZIP stream.

xlsxwriter, even in ``constant_memory`` mode, spent two thirds of a 20,000-row
annual export in its per-cell bookkeeping (a cell object, a type check, a row
buffer) before writing the same XML. A report's sheet needs only a few of
SpreadsheetML's parts (ECMA-376 Part 1, sections 18.3 and 18.8): inline
strings, numbers, dates as serial numbers, four cell styles, column widths and
a frozen header row. So this module writes the XML itself, one chunk of rows at
a time, into ``zipfile``'s deflate stream: memory stays flat whatever the row
count, and no text is ever stored as a formula, whatever it starts with.
"""

import datetime
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from reports.tables import INTEGER

from .cells import local_naive

ROWS_PER_CHUNK = 500
# Excel's own limit on a sheet name.
SHEET_NAME_LENGTH = 31
# Deflate level 1 makes a file about a fifth larger than level 6 in a third of
# the time; the sheet's XML is repetitive enough that both are small.
COMPRESS_LEVEL = 1
# Excel's day 0 for the 1900 date system, counted so that 1900-03-01 is 61
# (Excel keeps Lotus's fictitious 1900-02-29); report dates are all later.
EPOCH = datetime.datetime(1899, 12, 30)
# Cell style indexes into ``STYLES``' cellXfs.
HEADER, DATE_STYLE, DATETIME_STYLE, DECIMAL_STYLE = 1, 2, 3, 4

# Characters XML 1.0 forbids; Excel's own escape for them is _xHHHH_, and a
# literal "_xHHHH_" in the text is kept literal by escaping its underscore.
_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)
_NEEDS_WORK = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x|^\s|\s$")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
<Relationship Id="rId3" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" \
Target="docProps/app.xml"/>\
</Relationships>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>\
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<bookViews><workbookView/></bookViews>\
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/>\
<numFmt numFmtId="166" formatCode="0.0#"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/>\
</patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{title}</dc:title>\
<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>\
</cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>Microsoft Excel</Application></Properties>"""

SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView tabSelected="1" workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>"""

SHEET_TAIL = "</sheetData></worksheet>"


def write_xlsx(target, columns, rows: Iterable[list], *, title: str) -> None:
    """Write one sheet to ``target`` (a path or a binary file opened for writing).

    The header row is in the active language and frozen; dates are real
    dates; no text is ever read as a formula, a number or a link.
    """
    name = sheet_name(title)
    with zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("docProps/app.xml", APP)
        archive.writestr("docProps/core.xml", _core(name))
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=_text(name)))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks(columns, rows):
                sheet.write(chunk)


def sheet_chunks(columns, rows: Iterable[list]):
    """The worksheet's XML, as UTF-8 chunks of ``ROWS_PER_CHUNK`` rows."""
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{column.width + 0.71:.2f}" customWidth="1"/>'
        for i, column in enumerate(columns, start=1)
    )
    header = "".join(
        f'<c r="{letter}1" s="{HEADER}" t="inlineStr"><is><t>{_text(str(c.label))}</t></is></c>'
        for letter, c in zip(column_letters(len(columns)), columns, strict=True)
    )
    yield (SHEET_HEAD.format(cols=widths) + f'<row r="1">{header}</row>').encode()
    cells = _cell_makers(columns)
    parts = []
    for number, row in enumerate(rows, start=2):
        line = "".join(
            [
                make(number, value)
                for make, value in zip(cells, row, strict=True)
                if value is not None
            ]
        )
        parts.append(f'<row r="{number}">{line}</row>')
        if len(parts) >= ROWS_PER_CHUNK:
            yield "".join(parts).encode()
            parts = []
    parts.append(SHEET_TAIL)
    yield "".join(parts).encode()


def sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Report")[:SHEET_NAME_LENGTH]


def column_letters(count: int) -> list[str]:
    """A, B, … Z, AA, AB, … for the first ``count`` columns."""
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, remainder = divmod(index - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters


def _cell_makers(columns) -> list:
    return [
        _cell_maker(letter, column.kind)
        for letter, column in zip(column_letters(len(columns)), columns, strict=True)
    ]


def _cell_maker(letter: str, kind: str):
    # Called once per cell (hundreds of thousands per export): the common
    # types are told apart by ``type`` first, before the slower checks.
    yes, no = _text(_("Yes")), _text(_("No"))
    number_style = "" if kind == INTEGER else f' s="{DECIMAL_STYLE}"'

    def make(row: int, value) -> str:
        value_type = type(value)
        if value_type is str:
            return f'<c r="{letter}{row}" t="inlineStr"><is><t{_text_body(value)}</t></is></c>'
        if value_type is int:
            return f'<c r="{letter}{row}"><v>{value}</v></c>'
        if value_type is Decimal or value_type is float:
            return f'<c r="{letter}{row}"{number_style}><v>{_number(value)}</v></c>'
        if value_type is bool:
            word = yes if value else no
            return f'<c r="{letter}{row}" t="inlineStr"><is><t>{word}</t></is></c>'
        if isinstance(value, datetime.datetime):
            serial = (local_naive(value) - EPOCH) / datetime.timedelta(days=1)
            return f'<c r="{letter}{row}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
        if isinstance(value, datetime.date):
            serial = (value - EPOCH.date()).days
            return f'<c r="{letter}{row}" s="{DATE_STYLE}"><v>{serial}</v></c>'
        return make(row, str(value))

    return make


def _number(value) -> str:
    number = float(value)
    return repr(int(number)) if number.is_integer() else repr(number)


def _text_body(value: str) -> str:
    """The rest of a ``<t`` element: an attribute where spaces must be kept, then the text."""
    if not _NEEDS_WORK.search(value):
        return ">" + value
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"{space}>{_text(value)}"


def _text(value: str) -> str:
    return escape(_FORBIDDEN.sub(lambda m: f"_x{ord(m.group()):04X}_", value))


def _core(name: str) -> str:
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return CORE.format(title=_text(name), created=created)
