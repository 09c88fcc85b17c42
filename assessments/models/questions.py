"""Question banks, questions in both languages, and their frozen versions.

A question is edited in both languages at once. What learners answer is a
``QuestionVersion``: a frozen copy of the question's content. Saving a
question whose current version has been answered makes a new version, so an
attempt is always graded, reviewed and reported on the version it was given.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from courses.models import CoursePage, LessonPage
from xapi.vocabulary import activity_iri

from .. import grading

CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz"


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = grading.SINGLE_CHOICE, _("Single choice")
    MULTIPLE_CHOICE = grading.MULTIPLE_CHOICE, _("Multiple choice")
    TRUE_FALSE = grading.TRUE_FALSE, _("True or false")
    FILL_IN = grading.FILL_IN, _("Fill in the blank")
    ORDERING = grading.ORDERING, _("Ordering")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class QuestionBank(index.Indexed, models.Model):
    """A bank of questions (题库), usually one per course."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("course"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(index.Indexed, ClusterableModel):
    """A question in both languages; choices (or items to order) are inline rows."""

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("question bank"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    key = models.SlugField(_("key"), max_length=50)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    difficulty = models.CharField(
        _("difficulty"),
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.MEDIUM,
    )
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    text = models.TextField(_("question (Chinese)"))
    text_en = models.TextField(_("question (English)"))
    explanation = models.TextField(_("explanation (Chinese)"))
    explanation_en = models.TextField(_("explanation (English)"))
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple choice: credit each right choice instead of all or nothing."
        ),
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"), null=True, blank=True
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Fill in the blank: one accepted answer per line, in either language. "
            "Case, full-width characters and spaces do not matter."
        ),
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The lesson this question can be answered from."),
    )
    current_version = models.ForeignKey(
        "QuestionVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("bank"), FieldPanel("key")]),
        FieldRowPanel(
            [FieldPanel("type"), FieldPanel("difficulty"), FieldPanel("topic")]
        ),
        FieldPanel("lesson"),
        MultiFieldPanel(
            [FieldPanel("text"), FieldPanel("text_en")], heading=_("Question")
        ),
        InlinePanel("choices", label=_("Choices, or items in their correct order")),
        FieldPanel("partial_credit"),
        FieldPanel("true_false_answer"),
        FieldPanel("accepted_answers"),
        MultiFieldPanel(
            [FieldPanel("explanation"), FieldPanel("explanation_en")],
            heading=_("Explanation"),
        ),
    ]
    search_fields = [
        index.SearchField("text"),
        index.SearchField("text_en"),
        index.SearchField("key"),
        index.FilterField("type"),
        index.FilterField("difficulty"),
        index.FilterField("topic"),
        index.FilterField("bank_id"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "key"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "key"], name="unique_question_key"),
        ]

    def __str__(self):
        return f"{self.key}: {self.text[:40]}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.snapshot()

    def snapshot(self) -> "QuestionVersion":
        """Make the current version match the question, keeping answered versions.

        The current version is rewritten only while nobody has been given it;
        once it is in an attempt, a change makes a new version.
        """
        content = self.content()
        digest = QuestionVersion.digest_of(content)
        current = self.current_version
        if current is not None and current.digest == digest:
            return current
        # Imported here: attempts refer to versions, so attempts imports this module.
        from .attempts import AttemptQuestion

        in_use = (
            current is not None
            and AttemptQuestion.objects.filter(version=current).exists()
        )
        if current is not None and not in_use:
            current.content, current.digest = content, digest
            current.save(update_fields=["content", "digest"])
            return current
        number = (current.number + 1) if current else 1
        version = QuestionVersion.objects.create(
            question=self, number=number, content=content, digest=digest
        )
        Question.objects.filter(pk=self.pk).update(current_version=version)
        self.current_version = version
        return version

    def content(self, choices=None) -> dict:
        """Return the gradable content of the question as it stands now."""
        rows = list(choices if choices is not None else self.choices.all())
        return {
            "type": self.type,
            "text": {"zh-hans": self.text, "en": self.text_en},
            "explanation": {"zh-hans": self.explanation, "en": self.explanation_en},
            "choices": [
                {
                    "id": CHOICE_IDS[position],
                    "text": {"zh-hans": row.text, "en": row.text_en},
                    "correct": bool(row.correct),
                }
                for position, row in enumerate(rows)
            ],
            "answers": [
                line.strip()
                for line in self.accepted_answers.splitlines()
                if line.strip()
            ],
            "correct": self.true_false_answer,
            "partial_credit": self.partial_credit,
        }

    def clean(self):
        super().clean()
        check_content(self.content(self._pending_choices()))

    def _pending_choices(self):
        return [
            choice
            for choice in self.choices.all()
            if not getattr(choice, "DELETE", False)
        ]


def check_content(content: dict) -> None:
    """Raise ``ValidationError`` unless the content makes a gradable question."""
    kind = content["type"]
    choices = content["choices"]
    if kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE):
        right = sum(1 for choice in choices if choice["correct"])
        if len(choices) < 2:
            raise ValidationError(_("Give at least two choices."))
        if kind == grading.SINGLE_CHOICE and right != 1:
            raise ValidationError(_("Mark exactly one choice as correct."))
        if kind == grading.MULTIPLE_CHOICE and right < 1:
            raise ValidationError(_("Mark at least one choice as correct."))
    elif kind == grading.ORDERING and len(choices) < 3:
        # Of two items, shown never in order, the reverse is the answer; shown
        # freely, half of all blind answers are right.
        raise ValidationError(_("Give at least three items, in their correct order."))
    elif kind == grading.TRUE_FALSE and content["correct"] is None:
        raise ValidationError(_("Say whether the statement is true."))
    elif kind == grading.FILL_IN and not content["answers"]:
        raise ValidationError(_("Give at least one accepted answer."))
    if len(choices) > len(CHOICE_IDS):
        raise ValidationError(_("A question has at most 26 choices."))


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice (Chinese)"), max_length=500)
    text_en = models.CharField(_("choice (English)"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("text"), FieldPanel("text_en")]),
        FieldPanel("correct"),
    ]


class QuestionVersion(models.Model):
    """A frozen copy of a question's content, as learners were given it."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question version")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="unique_question_version"
            ),
        ]

    def __str__(self):
        return f"{self.question.key} v{self.number}"

    @staticmethod
    def digest_of(content: dict) -> str:
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    @property
    def activity_id(self) -> str:
        return activity_iri("question", f"{self.question_id}-v{self.number}")
