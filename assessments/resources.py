"""The question-bank file: its columns, its cells, and how it is read and written.

One row per question, with English column names (``COLUMNS``). Choices, or the
items of an ordering question in their correct order, are one cell per
language separated by `` | ``; ``correct`` names choices by letter (``A``,
``A,C``) or is ``true``/``false``; ``answers`` are the accepted fill-in
answers separated by `` | ``.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is written with a
leading apostrophe, so no spreadsheet runs it as a formula (OWASP "CSV
injection"); reading removes that apostrophe again, so a file round-trips.
Nothing here touches the database except the resource's own queryset.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats import base_formats

from common.spreadsheets import escape_formula, unescape_formula
from common.tables import UnreadableTable, read_table

from . import grading
from .exceptions import BankImportError
from .models import Question

COLUMNS = (
    "key",
    "type",
    "difficulty",
    "topic",
    "text_zh",
    "text_en",
    "choices_zh",
    "choices_en",
    "correct",
    "partial_credit",
    "answers",
    "explanation_zh",
    "explanation_en",
)
SEPARATOR = " | "
# A bar with white space on both sides separates, so "a|b" stays one choice;
# a separator typed by hand may have more or other spaces around the bar.
SEPARATOR_PATTERN = re.compile(r"(?<=\s)\|(?=\s)")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
YES, NO = "yes", "no"
FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


@dataclass
class BankRow:
    """One data row of a question file: its line and its cells by column."""

    line: int
    values: dict[str, str]


def split_cell(text: str) -> list[str]:
    """Split a choices or answers cell on `` | ``; an empty cell has no parts."""
    text = text.strip()
    return [part.strip() for part in SEPARATOR_PATTERN.split(text)] if text else []


def row_values(question: Question, content: dict) -> dict[str, str]:
    """Return the cells of one question, ``content`` being ``question.content()``."""
    choices = content["choices"]
    kind = content["type"]
    correct = ""
    if kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE):
        correct = ",".join(
            LETTERS[index] for index, choice in enumerate(choices) if choice["correct"]
        )
    elif kind == grading.TRUE_FALSE and content["correct"] is not None:
        correct = "true" if content["correct"] else "false"
    return {
        "key": question.key,
        "type": kind,
        "difficulty": question.difficulty,
        "topic": question.topic,
        "text_zh": content["text"]["zh-hans"],
        "text_en": content["text"]["en"],
        "choices_zh": SEPARATOR.join(c["text"]["zh-hans"] for c in choices),
        "choices_en": SEPARATOR.join(c["text"]["en"] for c in choices),
        "correct": correct,
        "partial_credit": YES if content["partial_credit"] else NO,
        "answers": SEPARATOR.join(content["answers"]),
        "explanation_zh": content["explanation"]["zh-hans"],
        "explanation_en": content["explanation"]["en"],
    }


class QuestionResource(resources.ModelResource):
    """Export questions as rows of ``COLUMNS``, every cell escaped.

    Give it questions with their choices prefetched. Imports do not go through
    the resource: ``assessments.banks`` saves each question through the model,
    so that a changed question gets a new version.
    """

    key = fields.Field(column_name="key")
    type = fields.Field(column_name="type")
    difficulty = fields.Field(column_name="difficulty")
    topic = fields.Field(column_name="topic")
    text_zh = fields.Field(column_name="text_zh")
    text_en = fields.Field(column_name="text_en")
    choices_zh = fields.Field(column_name="choices_zh")
    choices_en = fields.Field(column_name="choices_en")
    correct = fields.Field(column_name="correct")
    partial_credit = fields.Field(column_name="partial_credit")
    answers = fields.Field(column_name="answers")
    explanation_zh = fields.Field(column_name="explanation_zh")
    explanation_en = fields.Field(column_name="explanation_en")

    class Meta:
        model = Question
        fields = COLUMNS
        export_order = COLUMNS

    def export_resource(self, instance, selected_fields=None, **kwargs):
        values = row_values(instance, instance.content())
        return [
            escape_formula(values[field.column_name])
            for field in self.get_export_fields(selected_fields)
        ]


def write_file(questions, file_format: str) -> bytes:
    """Return ``questions`` as a CSV (UTF-8 with a BOM, for Excel) or XLSX file."""
    dataset = QuestionResource().export(queryset=questions)
    # The project's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT applies here too; it
    # finds nothing left to strip, as every cell was escaped above.
    data = FORMATS[file_format]().export_data(dataset)
    return data.encode("utf-8-sig") if isinstance(data, str) else data


def file_format_of(filename: str) -> str | None:
    """Return ``"csv"`` or ``"xlsx"`` by the file name's extension, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if extension in FORMATS else None


def read_rows(content: bytes, filename: str = "") -> list[BankRow]:
    """Return the data rows of a question file, or raise ``BankImportError``.

    The header must name every column of ``COLUMNS``, in any order. Cells are
    stripped and unescaped; blank rows are skipped but still count for line
    numbers (line 1 is the header).
    """
    if not content.strip():
        raise BankImportError([(0, _("The file is empty."))])
    try:
        table = read_table(content, filename)
    except UnreadableTable as error:
        raise BankImportError([(error.line, error.message)]) from error
    if not table:
        raise BankImportError([(0, _("The file has no header row."))])
    header_line, header = table[0]
    columns = _map_header(header_line, header)
    rows = []
    for line, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        values = dict.fromkeys(COLUMNS, "")
        for index, column in enumerate(columns):
            if column and index < len(cells):
                values[column] = unescape_formula(cells[index].strip())
        rows.append(BankRow(line, values))
    if not rows:
        raise BankImportError([(0, _("The file has no questions."))])
    return rows


def _map_header(line: int, header: list[str]) -> list[str | None]:
    columns: list[str | None] = []
    errors = []
    for cell in header:
        label = cell.strip().lstrip("\ufeff").lower()
        if not label:
            columns.append(None)
            continue
        if label not in COLUMNS:
            errors.append((line, _("Unknown column “%s”.") % cell.strip()))
        elif label in columns:
            errors.append((line, _("Column “%s” appears twice.") % label))
        columns.append(label if label in COLUMNS else None)
    errors += [
        (line, _("Missing column “%s”.") % column)
        for column in COLUMNS
        if column not in columns
    ]
    if errors:
        raise BankImportError(errors)
    return columns
