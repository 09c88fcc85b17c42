"""Quizzes (of a lesson) and exams (of a course): their rules and their questions."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models import CoursePage, LessonPage
from xapi.vocabulary import activity_iri

from .questions import Difficulty, Question, QuestionBank


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
            models.UniqueConstraint(
                fields=["course"],
                condition=Q(kind="exam"),
                name="one_final_exam_per_course",
                violation_error_message=_("This course already has a final exam."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # The constraint holds per page; a course's translation is the same
        # course (one translation key), so its exam counts too.
        if self.kind == AssessmentKind.EXAM and self.course_id is not None:
            others = Assessment.objects.filter(
                kind=AssessmentKind.EXAM, page_key=self.course.translation_key
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"course": _("This course already has a final exam.")}
                )

    def save(self, *args, **kwargs):
        page = self.course if self.kind == AssessmentKind.EXAM else self.lesson
        if page is not None:
            self.page_key = page.translation_key
        super().save(*args, **kwargs)

    def localized_title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title

    @property
    def activity_id(self) -> str:
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
