"""Question banks, versioned questions, quizzes and exams, attempts.

A question is edited in both languages at once. What learners answer is a
``QuestionVersion``: a frozen copy of the question's content. Saving a
question whose current version has been answered makes a new version, so an
attempt is always graded, reviewed and reported on the version it was given.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from courses.models import CoursePage, LessonPage

from . import grading

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
    elif kind == grading.ORDERING and len(choices) < 2:
        raise ValidationError(_("Give at least two items, in their correct order."))
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
        from xapi.vocabulary import activity_iri

        return activity_iri("question", f"{self.question_id}-v{self.number}")


class AssessmentKind(models.TextChoices):
    QUIZ = "quiz", _("Practice quiz")
    EXAM = "exam", _("Final exam")


class FeedbackPolicy(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_EACH = "after_each", _("After each attempt")
    AFTER_PASSING = "after_passing", _("After passing")
    AFTER_LAST = "after_last", _("After the last attempt")


class ScorePolicy(models.TextChoices):
    BEST = "best", _("Best attempt")
    LAST = "last", _("Last attempt")


class Assessment(ClusterableModel):
    """A practice quiz (of a lesson) or a final exam (of a course) and its rules."""

    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A final exam belongs to a course."),
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A practice quiz belongs to a lesson."),
    )
    # The translation key of the course or lesson: both languages share it.
    page_key = models.UUIDField(editable=False, db_index=True, null=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    wait_minutes = models.PositiveIntegerField(
        _("wait between attempts (minutes)"), default=0
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    feedback = models.CharField(
        _("show feedback and correct answers"),
        max_length=20,
        choices=FeedbackPolicy.choices,
        default=FeedbackPolicy.AFTER_EACH,
    )
    score_policy = models.CharField(
        _("score that counts"),
        max_length=10,
        choices=ScorePolicy.choices,
        default=ScorePolicy.BEST,
    )
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("course"), FieldPanel("lesson")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("pass_mark"), FieldPanel("time_limit_minutes")]
                ),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("wait_minutes")]),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]
                ),
                FieldRowPanel([FieldPanel("feedback"), FieldPanel("score_policy")]),
                FieldRowPanel(
                    [FieldPanel("available_from"), FieldPanel("available_until")]
                ),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("draw_rules", label=_("Questions drawn at random")),
    ]

    class Meta:
        verbose_name = _("quiz or exam")
        verbose_name_plural = _("quizzes and exams")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="exam", course__isnull=False, lesson__isnull=True)
                    | Q(kind="quiz", lesson__isnull=False, course__isnull=True)
                ),
                name="exam_has_course_quiz_has_lesson",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        page = self.course if self.kind == AssessmentKind.EXAM else self.lesson
        if page is not None:
            self.page_key = page.translation_key
        super().save(*args, **kwargs)

    def localized_title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title

    @property
    def activity_id(self) -> str:
        from xapi.vocabulary import activity_iri

        return activity_iri("assessment", str(self.pk))

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.available_from and now < self.available_from:
            return False
        return not (self.available_until and now > self.available_until)


class FixedQuestion(Orderable):
    assessment = ParentalKey(
        Assessment, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("question")]


class DrawRule(Orderable):
    """Draw ``count`` questions at random from a bank, optionally of a topic or difficulty."""

    assessment = ParentalKey(
        Assessment, on_delete=models.CASCADE, related_name="draw_rules"
    )
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("question bank"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("how many"), validators=[MinValueValidator(1)]
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, blank=True
    )
    topic = models.CharField(_("topic"), max_length=100, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("bank"), FieldPanel("count")]),
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("topic")]),
    ]


class AttemptQuerySet(models.QuerySet):
    def for_learner(self, user) -> "AttemptQuerySet":
        return self.filter(user=user)


class Attempt(models.Model):
    """One learner's attempt at a quiz or exam, with its drawn questions."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        GRADED = "graded", _("Graded")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    passed = models.BooleanField(null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["assessment", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "number"], name="unique_attempt_number"
            ),
        ]
        indexes = [models.Index(fields=["user", "assessment", "status"])]

    def __str__(self):
        return f"{self.assessment} · {self.user} · {self.number}"

    @property
    def is_graded(self) -> bool:
        return self.status == self.Status.GRADED

    def is_past_deadline(self, now=None) -> bool:
        return bool(self.deadline and (now or timezone.now()) >= self.deadline)


class AttemptQuestion(models.Model):
    """A question as drawn into an attempt, with the learner's saved answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="+"
    )
    # Choice ids in the order this learner sees them.
    choice_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="unique_attempt_position"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"


class AttemptGrant(models.Model):
    """One more attempt for one learner, granted by a trainer with a reason."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extra attempt")
        verbose_name_plural = _("extra attempts")

    def __str__(self):
        return f"{self.user} · {self.assessment} · {self.created_at:%Y-%m-%d}"
