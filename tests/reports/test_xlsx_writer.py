"""The streamed XLSX writer: what openpyxl, pandas and a strict XML parser read back."""

import datetime
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pandas as pd
import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from reports.exports.xlsx import column_letters, sheet_name, write_xlsx
from reports.tables import DATE, DATETIME, DECIMAL, INTEGER, TEXT, Column

COLUMNS = [
    Column("name", "Name", TEXT, width=20),
    Column("count", "Count", INTEGER),
    Column("hours", "Hours", DECIMAL),
    Column("day", "Day", DATE),
    Column("at", "At", DATETIME),
    Column("done", "Done", TEXT),
]


def _write(rows, columns=COLUMNS, title="Annual summary", language="en"):
    buffer = io.BytesIO()
    with translation.override(language):
        write_xlsx(buffer, columns, iter(rows), title=title)
    return buffer.getvalue()


def test_values_come_back_with_their_types_and_styles():
    at = timezone.make_aware(datetime.datetime(2026, 3, 9, 16, 30), datetime.UTC)
    content = _write(
        [
            ["王小明", 3, Decimal("12.5"), datetime.date(2026, 1, 31), at, True],
            ["Li", 0, 7.25, None, None, False],
        ]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Annual summary"
    assert [c.value for c in sheet[1]] == [
        "Name",
        "Count",
        "Hours",
        "Day",
        "At",
        "Done",
    ]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert 20 < sheet.column_dimensions["A"].width < 21
    assert sheet["A2"].value == "王小明"
    assert sheet["B2"].value == 3
    assert sheet["C2"].value == 12.5
    assert sheet["C2"].number_format == "0.0#"
    assert sheet["D2"].value == datetime.datetime(2026, 1, 31)
    assert sheet["D2"].number_format == "yyyy\\-mm\\-dd"
    # Stored in the site's time zone (Asia/Shanghai), without a zone.
    assert sheet["E2"].value == datetime.datetime(2026, 3, 10, 0, 30)
    assert sheet["F2"].value == "Yes"
    assert sheet["D3"].value is None
    assert sheet["F3"].value == "No"
    assert sheet.max_row == 3


def test_booleans_are_in_the_readers_language():
    content = _write([["甲", 1, 1, None, None, True]], language="zh-hans")
    assert load_workbook(io.BytesIO(content)).active["F2"].value == "是"


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil")',
        "a < b & c > d",
        "  leading and trailing  ",
        "bell\x07 and vertical tab\x0b",
        "_x0041_ stays literal",
        "line\nbreak",
    ],
)
def test_text_comes_back_as_written_never_as_a_formula(text):
    content = _write([[text, 1, 1, None, None, False]])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        # A strict parser: a forbidden character would make the file unreadable in Excel.
        ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].data_type == "s"
    # openpyxl hands back Excel's _xHHHH_ escapes of characters XML cannot
    # hold as they are stored; Excel shows the characters themselves.
    assert unescape(sheet["A2"].value) == text


def test_pandas_reads_a_large_sheet_whole():
    rows = (
        [f"员工{i}", i, Decimal(i) / 4, None, None, i % 2 == 0] for i in range(12_000)
    )
    content = _write(rows)
    frame = pd.read_excel(io.BytesIO(content))
    assert len(frame) == 12_000
    assert frame["Name"].iloc[11_999] == "员工11999"
    assert frame["Hours"].sum() == sum(i / 4 for i in range(12_000))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None


def test_an_empty_report_is_a_sheet_with_its_header():
    sheet = load_workbook(io.BytesIO(_write([]))).active
    assert [c.value for c in sheet[1]][:2] == ["Name", "Count"]
    assert sheet.max_row == 1


def test_sheet_names_and_column_letters():
    assert sheet_name("Completion: 2026/Q1 [draft]") == "Completion  2026 Q1  draft"
    assert sheet_name("???") == "Report"
    assert len(sheet_name("x" * 40)) == 31
    letters = column_letters(28)
    assert letters[0] == "A" and letters[25] == "Z" and letters[27] == "AB"
    assert column_letters(703)[-1] == "AAA"


def test_the_sheet_title_is_escaped_in_the_workbook():
    content = _write([], title="R&D <ops>")
    assert load_workbook(io.BytesIO(content)).active.title == "R&D <ops>"


def test_libreoffice_opens_the_file_with_the_same_cells(tmp_path):
    """A spreadsheet program, not only a Python reader, opens what we write."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed: scripts/system-deps.sh --test installs it")
    at = timezone.make_aware(datetime.datetime(2026, 3, 9, 16, 30), datetime.UTC)
    (tmp_path / "annual.xlsx").write_bytes(
        _write(
            [
                ["王小明", 3, Decimal("12.5"), datetime.date(2026, 1, 31), at, True],
                ["'=SUM(B2)", 0, 7.25, None, None, False],
                ["  R&D <ops>  ", 1, 1, None, None, True],
            ],
            language="zh-hans",
        )
    )
    # Its own profile folder: two test workers may convert at once.
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "annual.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    lines = (tmp_path / "annual.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "Name,Count,Hours,Day,At,Done",
        "王小明,3,12.5,2026-01-31,2026-03-10 00:30,是",
        "'=SUM(B2),0,7.25,,,否",
        "  R&D <ops>  ,1,1,,,是",
    ]
