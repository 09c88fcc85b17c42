"""Import and export a question bank as a CSV or XLSX file.

``import_bank`` and ``export_bank`` are the entry points, used by
``manage.py import_questions`` and ``export_questions``. The file's columns
are described in ``assessments.resources``. A file with any bad row imports
nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from . import grading
from .exceptions import BankImportError
from .models import CHOICE_IDS, Choice, Difficulty, Question, QuestionBank
from .resources import (
    FORMATS,
    LETTERS,
    NO,
    YES,
    BankRow,
    read_rows,
    split_cell,
    write_file,
)
from .services.authoring import ChoiceText, QuestionSpec, save_question

REQUIRED = ("key", "type", "text_zh", "text_en", "explanation_zh", "explanation_en")
CHOICE_TYPES = (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE)
LISTED_TYPES = (*CHOICE_TYPES, grading.ORDERING)
MAX_KEY = Question._meta.get_field("key").max_length
MAX_TOPIC = Question._meta.get_field("topic").max_length
MAX_CHOICE = Choice._meta.get_field("text").max_length


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Spec:
    """A valid row as the question it describes."""

    line: int
    key: str
    question: QuestionSpec


def export_bank(*, bank: QuestionBank, file_format: str) -> bytes:
    """Return every question of ``bank``, as it is now, as a ``csv`` or ``xlsx`` file.

    Questions are in key order. Cells that a spreadsheet would run as a
    formula are escaped (see ``assessments.resources``). Raises ``ValueError``
    for another format.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown file format {file_format!r}.")
    questions = bank.questions.order_by("key").prefetch_related("choices")
    return write_file(questions, file_format)


def import_bank(
    *, bank: QuestionBank, content: bytes, filename: str, dry_run: bool = False
) -> ImportReport:
    """Create or update the questions of ``bank`` from a CSV or XLSX file.

    CSV may be UTF-8 (with or without a BOM) or GB18030. Questions are matched
    by key within the bank and saved with ``assessments.services.save_question``
    (the letters of ``correct`` are its choice ids), so a question that
    learners have answered gets a new version and their attempts keep the old
    one. Rows that change nothing are left alone. What the file does not
    carry (a question's lesson) is kept as it is.

    Atomic: on any bad row raise ``BankImportError`` listing every problem
    with its line number, and change nothing. Concurrent imports into one
    bank are serialised by locking the bank's row. With ``dry_run``
    everything is computed and then rolled back.
    """
    specs = _validate(read_rows(content, filename))
    report = ImportReport(dry_run=dry_run, rows=len(specs))
    with transaction.atomic():
        QuestionBank.objects.select_for_update().filter(pk=bank.pk).first()
        _apply(bank, specs, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _validate(rows: list[BankRow]) -> list[_Spec]:
    errors: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    specs = []
    for row in rows:
        _normalise(row.values)
        messages = _check_row(row.values, row.line, first_line)
        errors += [(row.line, message) for message in messages]
        if not messages:
            specs.append(_spec(row))
    if errors:
        raise BankImportError(errors)
    return specs


def _normalise(values: dict) -> None:
    for column in ("type", "difficulty", "correct", "partial_credit"):
        values[column] = values[column].lower()


def _check_row(values: dict, line: int, first_line: dict[str, int]) -> list[str]:
    messages = [
        _("%s is missing.") % column for column in REQUIRED if not values[column]
    ]
    messages += _check_key(values["key"], line, first_line)
    messages += _check_words(values)
    if len(values["topic"]) > MAX_TOPIC:
        messages.append(_("topic is longer than %d characters.") % MAX_TOPIC)
    messages += _check_choices(values)
    if values["type"] in grading.TYPES:
        messages += _check_answer(values)
    return messages


def _check_answer(values: dict) -> list[str]:
    """Check ``correct`` and ``answers`` against the (known) question type."""
    kind = values["type"]
    if kind in CHOICE_TYPES:
        messages = _check_letters(values)
    elif kind == grading.TRUE_FALSE:
        messages = []
        if values["correct"] not in ("true", "false"):
            messages.append(_("correct must be true or false for true_false."))
    else:
        messages = []
        if values["correct"]:
            messages.append(_("correct must be empty for %s.") % kind)
    if kind == grading.FILL_IN and not _answers(values):
        messages.append(_("answers is missing: give at least one accepted answer."))
    return messages


def _check_key(key: str, line: int, first_line: dict[str, int]) -> list[str]:
    if not key:
        return []
    messages = []
    try:
        validate_slug(key)
        if len(key) > MAX_KEY:
            raise ValidationError("too long")
    except ValidationError:
        messages.append(
            _(
                "The key “%(key)s” is not valid: use up to %(max)d letters, digits, hyphens or underscores."
            )
            % {"key": key, "max": MAX_KEY}
        )
    if key in first_line:
        messages.append(
            _("The key %(key)s is already on line %(line)d.")
            % {"key": key, "line": first_line[key]}
        )
    else:
        first_line[key] = line
    return messages


def _check_words(values: dict) -> list[str]:
    messages = []
    if values["type"] and values["type"] not in grading.TYPES:
        messages.append(
            _("Unknown type “%(value)s”: use one of %(known)s.")
            % {"value": values["type"], "known": ", ".join(grading.TYPES)}
        )
    if values["difficulty"] and values["difficulty"] not in Difficulty.values:
        messages.append(
            _("Unknown difficulty “%(value)s”: use one of %(known)s.")
            % {"value": values["difficulty"], "known": ", ".join(Difficulty.values)}
        )
    if values["partial_credit"] not in ("", YES, NO):
        messages.append(
            _("partial_credit must be yes or no, not “%s”.") % values["partial_credit"]
        )
    return messages


def _check_choices(values: dict) -> list[str]:
    zh, en = split_cell(values["choices_zh"]), split_cell(values["choices_en"])
    messages = []
    if values["type"] in LISTED_TYPES and len(zh) < 2:
        messages.append(_("Give at least two choices in choices_zh."))
    if len(zh) != len(en):
        messages.append(
            _("choices_zh has %(zh)d choices but choices_en has %(en)d.")
            % {"zh": len(zh), "en": len(en)}
        )
    if len(zh) > len(CHOICE_IDS):
        messages.append(_("A question has at most %d choices.") % len(CHOICE_IDS))
    if any(not text for text in zh + en):
        messages.append(_("A choice is empty."))
    if any(len(text) > MAX_CHOICE for text in zh + en):
        messages.append(_("A choice is longer than %d characters.") % MAX_CHOICE)
    return messages


def _check_letters(values: dict) -> list[str]:
    given = _letters(values["correct"])
    count = len(split_cell(values["choices_zh"]))
    if not given:
        return [_("correct is missing: give the letters of the right choices.")]
    messages = [
        _("correct: there is no choice %(letter)s in %(count)d choices.")
        % {"letter": letter, "count": count}
        for letter in given
        if letter not in LETTERS[:count]
    ]
    if values["type"] == grading.SINGLE_CHOICE and len(set(given)) != 1:
        messages.append(_("correct: a single_choice question has one right letter."))
    return messages


def _letters(text: str) -> list[str]:
    return [
        part.strip().upper()
        for part in text.replace("，", ",").split(",")
        if part.strip()
    ]


def _answers(values: dict) -> list[str]:
    # Accepted answers are stored one per line, so a line break also separates.
    return [
        line.strip()
        for part in split_cell(values["answers"])
        for line in part.splitlines()
        if line.strip()
    ]


def _spec(row: BankRow) -> _Spec:
    """Turn a valid row into a spec: the letters of ``correct`` are choice ids."""
    values = row.values
    kind = values["type"]
    pairs = zip(
        split_cell(values["choices_zh"]), split_cell(values["choices_en"]), strict=True
    )
    question = QuestionSpec(
        type=kind,
        difficulty=values["difficulty"] or Difficulty.MEDIUM,
        topic=values["topic"],
        text=values["text_zh"],
        text_en=values["text_en"],
        explanation=values["explanation_zh"],
        explanation_en=values["explanation_en"],
        partial_credit=values["partial_credit"] == YES,
        answers=_answers(values),
        true_false_answer=values["correct"] == "true"
        if kind == grading.TRUE_FALSE
        else None,
        choices=[ChoiceText(zh, en) for zh, en in pairs],
        correct_choices=[letter.lower() for letter in _letters(values["correct"])]
        if kind in CHOICE_TYPES
        else [],
    )
    return _Spec(row.line, values["key"], question)


def _apply(bank: QuestionBank, specs: list[_Spec], report: ImportReport) -> None:
    for spec in specs:
        outcome = save_question(bank=bank, key=spec.key, spec=spec.question).outcome
        # The report counts by outcome: created, updated, unchanged.
        setattr(report, outcome.value, getattr(report, outcome.value) + 1)


__all__ = ["ImportReport", "export_bank", "import_bank"]
