"""Learner records and required training, keyed by the pages' translation keys."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from people.models import Department, Grade, Position, StaffMember

from .pages import CoursePage


class Programme(ClusterableModel):
    """A named set of courses that HR assigns together (a 培训计划)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("course_links", label=_("Courses"), min_num=1),
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammeCourse(Orderable):
    programme = ParentalKey(
        Programme, on_delete=models.CASCADE, related_name="course_links"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("course")]


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssignmentQuerySet":
        """Assignments whose targets lie in departments ``user`` may see."""
        from people.models import sees_whole_organisation

        if sees_whole_organisation(user):
            return self
        departments = Department.objects.visible_to(user)
        return self.filter(
            Q(department__in=departments) | Q(staff__department__in=departments)
        )


class Assignment(models.Model):
    """A rule that enrols matching staff in required training with a due date.

    Every target that is set must match (a department and a position means
    that position in that department). The rule keeps applying: staff who
    join a matching department later are enrolled too.
    """

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    include_subdepartments = models.BooleanField(
        _("include sub-departments"), default=True
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    grade = models.ForeignKey(
        Grade,
        verbose_name=_("grade"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, programme__isnull=True)
                | Q(course__isnull=True, programme__isnull=False),
                name="assignment_course_or_programme",
            ),
            models.CheckConstraint(
                condition=Q(department__isnull=False)
                | Q(position__isnull=False)
                | Q(grade__isnull=False)
                | Q(staff__isnull=False),
                name="assignment_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.course or self.programme} → {self.due_date}"

    def course_keys(self) -> list:
        """Return the keys of the courses this rule assigns (its course, or its programme's)."""
        if self.course_id:
            return [self.course.translation_key]
        return [
            link.course.translation_key
            for link in self.programme.course_links.select_related("course")
        ]


class EnrolmentQuerySet(models.QuerySet):
    def for_learner(self, user) -> "EnrolmentQuerySet":
        return self.filter(user=user)

    def started(self, *, user, course_key) -> "EnrolmentQuerySet":
        """The learner's enrolment in a course they have started (the one rule)."""
        return self.filter(user=user, course_key=course_key, started_at__isnull=False)

    def cycle_start(self, *, user, course_key):
        """When the learner's current (renewal) cycle of a course began, or None."""
        return (
            self.filter(user=user, course_key=course_key)
            .values_list("cycle_started_at", flat=True)
            .first()
        )

    def completed_keys(self, *, user, course_keys) -> set:
        """Return which of ``course_keys`` the learner has completed (at least once).

        A course being renewed was completed before its new cycle began, so it
        still opens the courses it is a prerequisite of.
        """
        return set(
            self.filter(user=user, course_key__in=list(course_keys))
            .filter(Q(status="completed") | Q(cycle_started_at__isnull=False))
            .values_list("course_key", flat=True)
        )


class Enrolment(models.Model):
    """A learner's place in a course: how they came to it, and how far they are."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ENROLLED
    )
    required = models.BooleanField(_("required"), default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_lesson_key = models.UUIDField(null=True, blank=True)
    # Set when the learner is enrolled again to renew an expiring certificate:
    # lessons done and exams passed before it belong to the earlier cycle.
    cycle_started_at = models.DateTimeField(
        _("current cycle started"), null=True, blank=True
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"], name="unique_enrolment"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="completed_enrolment_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.course_key} · {self.status}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_started(self) -> bool:
        """Whether the learner has started the course (its lessons are open to them)."""
        return self.started_at is not None

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and not self.is_completed and self.due_date < today)

    def is_due_soon(self, today=None, days: int = 14) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.due_date
            and not self.is_completed
            and today <= self.due_date <= today + timezone.timedelta(days=days)
        )


class LessonProgressQuerySet(models.QuerySet):
    def lesson_keys(
        self, *, user, course_key=None, lesson_keys=None, since=None
    ) -> set:
        """Return the keys of the lessons ``user`` has done (the one rule).

        Limited to one course, or to the given lessons, or both, and to those
        done ``since`` the start of a renewal cycle.
        """
        rows = self.filter(user=user)
        if since is not None:
            rows = rows.filter(completed_at__gte=since)
        if course_key is not None:
            rows = rows.filter(course_key=course_key)
        if lesson_keys is not None:
            rows = rows.filter(lesson_key__in=list(lesson_keys))
        return set(rows.values_list("lesson_key", flat=True))

    def by_course(self, *, user, course_keys) -> dict:
        """Map each of ``course_keys`` to the keys of the lessons ``user`` has done."""
        done: dict = {}
        for course_key, lesson_key in self.filter(
            user=user, course_key__in=list(course_keys)
        ).values_list("course_key", "lesson_key"):
            done.setdefault(course_key, set()).add(lesson_key)
        return done


class LessonProgress(models.Model):
    """That a learner has completed a lesson, and when, as the statements say."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lesson_key = models.UUIDField()
    course_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField()
    statement_id = models.UUIDField(null=True, blank=True)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key"], name="unique_lesson_progress"
            ),
        ]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_key}"


class PackageLaunch(models.Model):
    """A cmi5 launch waiting for its content to fetch the credential (once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    nonce = models.CharField(max_length=64, unique=True)
    # The Basic credential of a launch client; cleared when fetched.
    auth_token = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(null=True, blank=True)

    LIFETIME_MINUTES = 10

    def __str__(self):
        return f"{self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"

    def is_expired(self) -> bool:
        age = timezone.now() - self.created_at
        return age > timezone.timedelta(minutes=self.LIFETIME_MINUTES)


class ContentVersion(models.Model):
    """A token replaced whenever published content changes (see ``caching``).

    A random token, not a counter: a change rolled back with its transaction
    never hands its number to a later change with other content.
    """

    value = models.CharField(max_length=32, default="0")

    def __str__(self):
        return self.value
