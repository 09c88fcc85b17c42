"""Statistics of one quiz or exam: pass rate, score histogram and item analysis.

``compute`` does the maths on plain rows, without a database;
``exam_statistics`` loads the graded attempts of an assessment into those rows;
``statistics_workbook`` writes the result as an XLSX file for trainers.

Item analysis follows classical test theory: an item's *facility* is the
share of attempts that answered it correctly, its *discrimination* the
facility among the best third of attempts minus that among the worst third
(the "upper-lower index"). Shares are rounded to two decimals.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from . import grading
from .models import Attempt, AttemptQuestion, QuestionType, QuestionVersion

BINS = 10
SHARE = Decimal("0.01")
PERCENT = Decimal("0.1")
CHOICE_TYPES = (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE)
FORMULA_STARTS = ("=", "+", "-", "@")


class AttemptItem(NamedTuple):
    """One question of one attempt: who it is, what was asked, what was answered."""

    question: str  # a label unique within the assessment, such as the key
    content: dict  # the question version's content
    response: Any
    correct: bool


@dataclass(frozen=True)
class AttemptRow:
    """One graded attempt."""

    percent: Decimal
    passed: bool
    items: list[AttemptItem]


@dataclass(frozen=True)
class HistogramBin:
    """Attempts scoring from ``low`` to below ``high`` percent (the last bin: to 100)."""

    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}"


@dataclass(frozen=True)
class WrongChoice:
    """A wrong choice of a choice question and how many times it was picked."""

    choice_id: str
    text: str  # in Chinese, as the version that offered it
    count: int


@dataclass(frozen=True)
class QuestionStatistics:
    question: str
    type: str
    text: str
    asked: int
    correct: int
    facility: Decimal
    discrimination: Decimal | None  # None with fewer than three attempts
    wrong_choices: list[WrongChoice]


@dataclass(frozen=True)
class ExamStatistics:
    attempts: int
    passed: int
    pass_rate: Decimal | None  # None without attempts
    mean_percent: Decimal | None
    histogram: list[HistogramBin]
    questions: list[QuestionStatistics]
    title: str = ""


@dataclass
class _Tally:
    content: dict
    asked: int = 0
    correct: int = 0
    # Asked and correct within the upper and the lower third of attempts.
    upper: list[int] = field(default_factory=lambda: [0, 0])
    lower: list[int] = field(default_factory=lambda: [0, 0])
    wrong: dict[tuple[str, str], int] = field(default_factory=dict)


def share(part, whole) -> Decimal:
    """Return ``part / whole`` as a Decimal rounded to two places."""
    value = Fraction(part) / Fraction(whole)
    return _decimal(value)


def _decimal(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(SHARE, rounding=ROUND_HALF_UP)


def compute(attempts: list[AttemptRow]) -> ExamStatistics:
    """Return the statistics of ``attempts``, graded attempts of one assessment.

    For discrimination, attempts are sorted by percent (ties keep their given
    order) and the lowest and highest ``n // 3`` form the lower and upper
    thirds; a question not asked in one of the thirds has no discrimination.
    """
    count = len(attempts)
    passed = sum(1 for attempt in attempts if attempt.passed)
    return ExamStatistics(
        attempts=count,
        passed=passed,
        pass_rate=share(passed, count) if count else None,
        mean_percent=(
            (sum(a.percent for a in attempts) / count).quantize(
                PERCENT, rounding=ROUND_HALF_UP
            )
            if count
            else None
        ),
        histogram=histogram([attempt.percent for attempt in attempts]),
        questions=_questions(attempts),
    )


def histogram(percents: list[Decimal]) -> list[HistogramBin]:
    """Count percents in ten bins of ten points; 100 falls in the last bin."""
    counts = [0] * BINS
    for value in percents:
        counts[min(max(int(value // 10), 0), BINS - 1)] += 1
    return [
        HistogramBin(index * 10, index * 10 + 10, number)
        for index, number in enumerate(counts)
    ]


def _questions(attempts: list[AttemptRow]) -> list[QuestionStatistics]:
    order = sorted(range(len(attempts)), key=lambda index: attempts[index].percent)
    size = len(attempts) // 3
    lower = set(order[:size])
    upper = set(order[len(order) - size :]) if size else set()
    tallies: dict[str, _Tally] = {}
    for index, attempt in enumerate(attempts):
        for item in attempt.items:
            tally = tallies.setdefault(item.question, _Tally(item.content))
            _count(tally, item, index in upper, index in lower)
    return [
        _question_statistics(label, tallies[label], enough=len(attempts) >= 3)
        for label in sorted(tallies)
    ]


def _count(tally: _Tally, item: AttemptItem, in_upper: bool, in_lower: bool) -> None:
    right = int(bool(item.correct))
    tally.asked += 1
    tally.correct += right
    for third, member in ((tally.upper, in_upper), (tally.lower, in_lower)):
        if member:
            third[0] += 1
            third[1] += right
    if item.content["type"] not in CHOICE_TYPES:
        return
    texts = {c["id"]: c["text"].get("zh-hans", "") for c in item.content["choices"]}
    wrong_ids = set(texts) - set(grading.correct_ids(item.content))
    for choice_id in wrong_ids:
        tally.wrong.setdefault((choice_id, texts[choice_id]), 0)
    picked = item.response if isinstance(item.response, list) else [item.response]
    for choice_id in picked:
        if choice_id in wrong_ids:
            tally.wrong[(choice_id, texts[choice_id])] += 1


def _question_statistics(label: str, tally: _Tally, *, enough: bool):
    discrimination = None
    if enough and tally.upper[0] and tally.lower[0]:
        discrimination = _decimal(
            Fraction(tally.upper[1], tally.upper[0])
            - Fraction(tally.lower[1], tally.lower[0])
        )
    return QuestionStatistics(
        question=label,
        type=tally.content["type"],
        text=tally.content["text"].get("zh-hans", ""),
        asked=tally.asked,
        correct=tally.correct,
        facility=share(tally.correct, tally.asked),
        discrimination=discrimination,
        wrong_choices=[
            WrongChoice(choice_id, text, number)
            for (choice_id, text), number in sorted(tally.wrong.items())
        ],
    )


def exam_statistics(assessment) -> ExamStatistics:
    """Return the statistics of the graded attempts of ``assessment``.

    Runs three queries whatever the number of attempts: attempts, their
    questions, and the question versions they were given (each loaded once).
    Questions are labelled by key, with the bank's name where two banks of
    the assessment share a key.
    """
    graded = Attempt.objects.filter(assessment=assessment, status=Attempt.Status.GRADED)
    attempts = list(graded.order_by("pk").values_list("pk", "percent", "passed"))
    items = AttemptQuestion.objects.filter(attempt__in=graded).order_by(
        "attempt_id", "position"
    )
    versions = {
        pk: (content, question_id, key, bank)
        for pk, content, question_id, key, bank in QuestionVersion.objects.filter(
            pk__in=items.values("version_id")
        ).values_list(
            "pk", "content", "question_id", "question__key", "question__bank__name"
        )
    }
    labels = _labels(versions.values())
    by_attempt = defaultdict(list)
    for attempt_id, version_id, response, correct in items.values_list(
        "attempt_id", "version_id", "response", "correct"
    ):
        content, question_id, _key, _bank = versions[version_id]
        by_attempt[attempt_id].append(
            AttemptItem(labels[question_id], content, response, bool(correct))
        )
    rows = [
        AttemptRow(percent or Decimal("0"), bool(passed), by_attempt[pk])
        for pk, percent, passed in attempts
    ]
    return replace(compute(rows), title=str(assessment))


def _labels(versions) -> dict[int, str]:
    keys = {question_id: (key, bank) for _c, question_id, key, bank in versions}
    uses = defaultdict(set)
    for question_id, (key, _bank) in keys.items():
        uses[key].add(question_id)
    return {
        question_id: key if len(uses[key]) == 1 else f"{key} ({bank})"
        for question_id, (key, bank) in keys.items()
    }


def statistics_workbook(stats: ExamStatistics) -> bytes:
    """Return ``stats`` as an XLSX workbook: summary, histogram and questions.

    Texts come from trainers and learners, so any cell that a spreadsheet
    would run as a formula is written with a leading apostrophe.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")
    _write(
        summary,
        [
            (_("Assessment"), stats.title),
            (_("Attempts"), stats.attempts),
            (_("Passed"), stats.passed),
            (_("Pass rate"), stats.pass_rate),
            (_("Mean percent"), stats.mean_percent),
        ],
    )
    _write(
        workbook.create_sheet(_("Histogram")),
        [(_("Percent"), _("Attempts"))]
        + [(row.label, row.count) for row in stats.histogram],
    )
    _write(workbook.create_sheet(_("Questions")), _question_rows(stats))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _question_rows(stats: ExamStatistics) -> list[tuple]:
    header = (
        _("Question"),
        _("Type"),
        _("Text"),
        _("Asked"),
        _("Correct"),
        _("Facility"),
        _("Discrimination"),
        _("Wrong choices picked"),
    )
    rows = [header]
    for question in stats.questions:
        wrong = "; ".join(
            f"{choice.choice_id.upper()}. {choice.text} × {choice.count}"
            for choice in question.wrong_choices
        )
        rows.append(
            (
                question.question,
                _type_label(question.type),
                question.text,
                question.asked,
                question.correct,
                question.facility,
                question.discrimination,
                wrong,
            )
        )
    return rows


def _type_label(kind: str) -> str:
    return str(QuestionType(kind).label) if kind in QuestionType.values else kind


def _write(sheet, rows) -> None:
    for row in rows:
        sheet.append([safe_cell(value) for value in row])


def safe_cell(value):
    """Return a cell value that no spreadsheet runs as a formula (OWASP CSV injection)."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
