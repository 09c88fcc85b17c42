"""Writing questions, quizzes and exams: the one way both importers write them.

The curriculum loader (``content.curriculum``) and the question-bank import
(``assessments.banks``) both call these, so a question means the same
whichever way it arrived.

**Choices.** ``choices`` are given in order, and their position is their
*choice id*: the first is ``a``, the second ``b``, and so on (``CHOICE_IDS``).
These are the ids of the stored question versions, of the answers learners
send, and of the interaction components in xAPI statements. A single or
multiple choice question names its right choices by these ids in
``correct_choices`` (the bank file's letters ``A, C`` are ``a, c``; the
curriculum's indices ``0, 2`` are ``a, c``). An ordering question's choices are
its items in their correct order, and it names no correct choices. True or
false and fill-in questions have no choices: any given are dropped (they
were never shown nor graded).

**Idempotent.** Saving what is already stored writes nothing and returns
``Outcome.UNCHANGED``. Saving a change to a question rewrites its current
version while no attempt holds it, and makes a new version once one does
(``Question.snapshot``), so attempts keep the version they were given.
"""

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import CoursePage, LessonPage

from .. import grading
from ..models import (
    CHOICE_IDS,
    Assessment,
    AssessmentKind,
    Choice,
    Difficulty,
    DrawRule,
    FeedbackPolicy,
    FixedQuestion,
    Question,
    QuestionBank,
    check_content,
)

CHOICE_TYPES = (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE)
LISTED_TYPES = (*CHOICE_TYPES, grading.ORDERING)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ChoiceText:
    """One choice (or item to order) in both languages."""

    text: str
    text_en: str


@dataclass(frozen=True)
class QuestionSpec:
    """A question as an importer describes it (``choices`` as the module says).

    ``true_false_answer`` is for true or false questions (others store none);
    ``answers`` are the accepted fill-in answers. ``topic`` and ``lesson`` left
    as None keep what a stored question has.
    """

    type: str
    text: str
    text_en: str
    explanation: str
    explanation_en: str
    choices: Sequence[ChoiceText] = ()
    correct_choices: Collection[str] = ()
    true_false_answer: bool | None = None
    answers: Sequence[str] = ()
    partial_credit: bool = False
    difficulty: str = Difficulty.MEDIUM
    topic: str | None = None
    lesson: LessonPage | None = None

    def model_fields(self) -> dict:
        """Return the ``Question`` fields this spec sets, by name."""
        fields = {
            "type": self.type,
            "difficulty": self.difficulty,
            "text": self.text,
            "text_en": self.text_en,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
            "partial_credit": self.partial_credit,
            "true_false_answer": self.true_false_answer
            if self.type == grading.TRUE_FALSE
            else None,
            "accepted_answers": "\n".join(a.strip() for a in self.answers if a.strip()),
        }
        if self.topic is not None:
            fields["topic"] = self.topic
        if self.lesson is not None:
            fields["lesson_id"] = self.lesson.pk
        return fields

    def choice_rows(self) -> list[tuple[str, str, bool]]:
        """Return (text, text_en, correct) per choice; ``ValidationError`` if ill-formed."""
        kind, correct = self.type, set(self.correct_choices)
        if kind not in LISTED_TYPES:
            return []
        if len(self.choices) > len(CHOICE_IDS):
            raise ValidationError(_("A question has at most 26 choices."))
        ids = CHOICE_IDS[: len(self.choices)]
        if correct and kind == grading.ORDERING:
            raise ValidationError(_("An ordering question names no correct choices."))
        if correct - set(ids):
            raise ValidationError(
                _("There is no choice %(ids)s.")
                % {"ids": ", ".join(sorted(correct - set(ids)))}
            )
        return [
            (choice.text, choice.text_en, choice_id in correct)
            for choice_id, choice in zip(ids, self.choices, strict=True)
        ]


@dataclass(frozen=True)
class Saved:
    """What a save did, and the question, quiz or exam as it now is."""

    item: Question | Assessment
    outcome: Outcome


@transaction.atomic
def save_question(*, bank: QuestionBank, key: str, spec: QuestionSpec) -> Saved:
    """Create or update the question ``key`` of ``bank`` as ``spec`` says.

    Atomic and idempotent (see the module). Raises ``ValidationError``, writing
    nothing, unless the question is gradable (``check_content``) and its
    choices are as the module says.
    """
    fields, wanted = spec.model_fields(), spec.choice_rows()
    question = Question.objects.select_for_update().filter(bank=bank, key=key).first()
    if question is not None and _question_is(question, fields, wanted):
        return Saved(question, Outcome.UNCHANGED)
    outcome = Outcome.CREATED if question is None else Outcome.UPDATED
    question = question or Question(bank=bank, key=key)
    for name, value in fields.items():
        setattr(question, name, value)
    question.choices = _choices_for(question, wanted)
    check_content(question.content(question.choices.all()))
    # Question.save() snapshots the content into a version.
    question.save()
    return Saved(question, outcome)


def _question_is(question: Question, fields: dict, choices: list[tuple]) -> bool:
    current = [(c.text, c.text_en, c.correct) for c in question.choices.all()]
    return current == choices and all(
        getattr(question, name) == value for name, value in fields.items()
    )


def _choices_for(question: Question, wanted: list[tuple]) -> list[Choice]:
    # Choices are kept by position and rewritten, so their rows survive edits.
    current = list(question.choices.all()) if question.pk else []
    rows = []
    for position, (text, text_en, correct) in enumerate(wanted):
        choice = current[position] if position < len(current) else Choice()
        choice.text, choice.text_en, choice.correct = text, text_en, correct
        choice.sort_order = position
        rows.append(choice)
    return rows


@transaction.atomic
def save_quiz(
    *,
    lesson: LessonPage,
    title: str,
    title_en: str,
    questions: Sequence[Question],
    pass_mark: int = 60,
    feedback: str = FeedbackPolicy.AFTER_EACH,
) -> Saved:
    """Create or update the practice quiz of ``lesson``: these questions, in order.

    Atomic and idempotent: a quiz that already is so is left alone.
    """
    fields = {
        "title": title[:200],
        "title_en": title_en[:200],
        "pass_mark": pass_mark,
        "feedback": feedback,
    }
    wanted = [question.pk for question in questions]
    quiz = Assessment.objects.filter(kind=AssessmentKind.QUIZ, lesson=lesson).first()
    if quiz is not None:
        current = list(
            quiz.fixed_questions.order_by("sort_order").values_list(
                "question_id", flat=True
            )
        )
        if current == wanted and _assessment_is(quiz, fields):
            return Saved(quiz, Outcome.UNCHANGED)
    outcome = Outcome.CREATED if quiz is None else Outcome.UPDATED
    quiz = quiz or Assessment(kind=AssessmentKind.QUIZ, lesson=lesson)
    for name, value in fields.items():
        setattr(quiz, name, value)
    quiz.fixed_questions = [
        FixedQuestion(question_id=pk, sort_order=position)
        for position, pk in enumerate(wanted)
    ]
    quiz.save()
    return Saved(quiz, outcome)


@transaction.atomic
def save_exam(
    *,
    course: CoursePage,
    title: str,
    title_en: str,
    bank: QuestionBank,
    draw: int,
    pass_mark: int,
    time_limit_minutes: int | None = None,
    max_attempts: int | None = None,
    feedback: str = FeedbackPolicy.AFTER_PASSING,
) -> Saved:
    """Create or update the final exam of ``course``: ``draw`` questions from ``bank``.

    Atomic and idempotent: an exam that already is so is left alone.
    """
    fields = {
        "title": title[:200],
        "title_en": title_en[:200],
        "pass_mark": pass_mark,
        "time_limit_minutes": time_limit_minutes,
        "max_attempts": max_attempts,
        "feedback": feedback,
    }
    wanted = [(bank.pk, draw, "", "")]
    exam = Assessment.objects.filter(kind=AssessmentKind.EXAM, course=course).first()
    if exam is not None:
        rules = exam.draw_rules.order_by("sort_order")
        current = list(rules.values_list("bank_id", "count", "difficulty", "topic"))
        if current == wanted and _assessment_is(exam, fields):
            return Saved(exam, Outcome.UNCHANGED)
    outcome = Outcome.CREATED if exam is None else Outcome.UPDATED
    exam = exam or Assessment(kind=AssessmentKind.EXAM, course=course)
    for name, value in fields.items():
        setattr(exam, name, value)
    exam.draw_rules = [DrawRule(bank=bank, count=draw, sort_order=0)]
    exam.save()
    return Saved(exam, outcome)


def _assessment_is(assessment: Assessment, fields: dict) -> bool:
    return all(getattr(assessment, name) == value for name, value in fields.items())
