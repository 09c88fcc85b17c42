"""Course pages: the catalogue, courses and lessons trainers author in Wagtail."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from people.models import Grade, Position

from .. import hours
from ..blocks import LessonStreamBlock
from ..creation import CreationTokenPanel
from ..panels import AuthoringLinksPanel, ReviewCommentPanel
from .locales import route_across_locales
from .review import ReviewedWithCourse
from .settings import CreditHourSettings
from .translation import AwaitingTranslation, AwaitingTranslationPanel


class CataloguePage(Page):
    """The course catalogue: every published course, searchable and filterable."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def serve(self, request, *args, **kwargs):
        from ..views import catalogue

        return catalogue(request, self)

    def route(self, request, path_components):
        return route_across_locales(self, request, path_components)


class CourseTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CourseKind(models.TextChoices):
    REQUIRED = "required", _("Required")
    ELECTIVE = "elective", _("Elective")


class CompletionRule(models.TextChoices):
    LESSONS = "lessons", _("All lessons completed")
    LESSONS_AND_EXAM = (
        "lessons_and_exam",
        _("All lessons completed and the final exam passed"),
    )


class CoursePage(AwaitingTranslation, Page):
    """A course: its description, its rules, and its lessons as child pages in order."""

    summary = models.TextField(pgettext_lazy("description", "summary"), max_length=600)
    objectives = models.TextField(
        _("learning objectives"),
        blank=True,
        help_text=_("One objective per line."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=CourseTag, blank=True
    )
    kind = models.CharField(
        _("required or elective"),
        max_length=10,
        choices=CourseKind.choices,
        default=CourseKind.ELECTIVE,
    )
    credit_hours = models.DecimalField(
        _("study hours (学时)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty to derive them from the estimated duration."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"),
        default=45,
        validators=[MaxValueValidator(100 * 60)],
    )
    target_positions = ParentalManyToManyField(
        Position, verbose_name=_("target positions"), blank=True, related_name="+"
    )
    target_grades = ParentalManyToManyField(
        Grade, verbose_name=_("target grades"), blank=True, related_name="+"
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.LESSONS_AND_EXAM,
        help_text=_("A course without a final exam is complete when its lessons are."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    source_note = models.TextField(
        _("written from"),
        blank=True,
        help_text=_("What the course is written from: the study or the documents."),
    )

    content_panels = [
        CreationTokenPanel(),
        ReviewCommentPanel(),
        AwaitingTranslationPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        FieldPanel("topics"),
        FieldPanel("source_note"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("kind"), FieldPanel("completion_rule")],
                ),
                FieldRowPanel(
                    [FieldPanel("credit_hours"), FieldPanel("estimated_minutes")]
                ),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [FieldPanel("target_positions"), FieldPanel("target_grades")],
            heading=_("Target audience"),
        ),
        InlinePanel("prerequisite_links", label=_("Prerequisite courses")),
        AuthoringLinksPanel(heading=_("Quizzes and final exam")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("objectives"),
        APIField("kind"),
        APIField("credit_hours"),
        APIField("effective_credit_hours"),
        APIField("estimated_minutes"),
        APIField("completion_rule"),
        APIField("certificate_validity_months"),
        APIField("source_note"),
        APIField("topic_names"),
        APIField("activity_id"),
    ]

    parent_page_types = ["courses.CataloguePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def serve(self, request, *args, **kwargs):
        from ..views import course

        return course(request, self)

    def serve_preview(self, request, mode_name):
        # Wagtail's default preview renders the template with no syllabus.
        return self.serve(request)

    def route(self, request, path_components):
        return route_across_locales(self, request, path_components)

    @property
    def is_required(self) -> bool:
        return self.kind == CourseKind.REQUIRED

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def topic_names(self) -> list[str]:
        return sorted(tag.name for tag in self.topics.all())

    @property
    def activity_id(self) -> str:
        from xapi.vocabulary import activity_iri

        return activity_iri("course", str(self.translation_key))

    @property
    def effective_credit_hours(self) -> Decimal:
        """Return the author's study hours, or those derived from the duration."""
        if self.credit_hours is not None:
            return self.credit_hours
        # A list of courses sets _credit_rules once instead of a query per course.
        rules = getattr(self, "_credit_rules", None) or CreditHourSettings.load()
        return hours.derive_credit_hours(
            self.estimated_minutes,
            minutes_per_hour=rules.minutes_per_credit_hour,
            step=rules.credit_hour_step,
        )

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def draft_lessons(self) -> list["LessonPage"]:
        """Return every lesson as its latest draft: what a reviewer's preview shows."""
        pages = LessonPage.objects.child_of(self).order_by("path")
        return [page.get_latest_revision_as_object() for page in pages]

    def unmet_prerequisites(self, user) -> list["CoursePage"]:
        """Return the prerequisite courses ``user`` has not completed yet."""
        from .learning import Enrolment

        required = [link.prerequisite for link in self.prerequisite_links.all()]
        if not required:
            return []
        done = Enrolment.objects.completed_keys(
            user=user, course_keys=[page.translation_key for page in required]
        )
        return [page for page in required if page.translation_key not in done]

    def resume_lesson(self, user) -> "LessonPage | None":
        """Return the first lesson ``user`` has not completed (the first once all are)."""
        from .learning import Enrolment, LessonProgress

        lessons = list(self.lessons())
        cycle = Enrolment.objects.cycle_start(
            user=user, course_key=self.translation_key
        )
        done = LessonProgress.objects.lesson_keys(
            user=user, course_key=self.translation_key, since=cycle
        )
        pending = [lesson for lesson in lessons if lesson.translation_key not in done]
        return (pending or lessons or [None])[0]

    @classmethod
    def live_for_key(cls, course_key) -> "CoursePage | None":
        """Return a live version of a course, preferring the site's default language."""
        from django.conf import settings

        pages = list(
            cls.objects.live()
            .filter(translation_key=course_key)
            .select_related("locale")
        )
        pages.sort(key=lambda page: page.locale.language_code != settings.LANGUAGE_CODE)
        return pages[0] if pages else None


class CoursePrerequisite(Orderable):
    """A course that must be completed before another can be started."""

    course = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="prerequisite_links"
    )
    prerequisite = models.ForeignKey(
        CoursePage,
        verbose_name=_("prerequisite"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("prerequisite")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["course", "prerequisite"], name="unique_course_prerequisite"
            ),
        ]


class LessonPage(ReviewedWithCourse, AwaitingTranslation, Page):
    """One lesson of a course; its body is made of the lesson blocks."""

    summary = models.TextField(
        pgettext_lazy("description", "summary"), blank=True, max_length=600
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), default=15
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)
    # What the lesson rests on, as shown under "Sources": [{"kind", "text"}],
    # kind "study" (a part of the study) or "law"; set by the curriculum loader.
    sources = models.JSONField(_("sources"), default=list, blank=True, editable=False)
    # Filled on save from the tree and the body, so the projector can find a
    # lesson from a statement with one indexed query.
    course_key = models.UUIDField(null=True, editable=False, db_index=True)
    package_activity_id = models.CharField(
        max_length=2048, blank=True, editable=False, db_index=True
    )

    content_panels = [
        CreationTokenPanel(),
        ReviewCommentPanel(),
        AwaitingTranslationPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [
        APIField("summary"),
        APIField("estimated_minutes"),
        APIField("body"),
        APIField("sources"),
        APIField("activity_id"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def save(self, *args, **kwargs):
        # A partial save is Wagtail recording a draft revision: the body in
        # hand is then the draft, not what learners see, so leave both alone.
        if kwargs.get("update_fields") is None:
            parent = self.get_parent() if self.path else None
            if parent is not None:
                self.course_key = parent.translation_key
            self.package_activity_id = self._package_activity_id()
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from ..views import lesson

        return lesson(request, self)

    @property
    def activity_id(self) -> str:
        from xapi.vocabulary import activity_iri

        return activity_iri("lesson", str(self.translation_key))

    def package_block(self, package_uuid: str | None = None):
        """Return the value of the package block for ``package_uuid`` (or the first)."""
        for block in self.body:
            package = (
                block.value.get("package") if block.block_type == "package" else None
            )
            if package and (package_uuid is None or str(package.uuid) == package_uuid):
                return block.value
        return None

    def _package_activity_id(self) -> str:
        from ..cmi5_blocks import au_activity_id

        value = self.package_block()
        return value["package"].activity_id if value else au_activity_id(self)
