"""A learner's reads: statuses, a syllabus, the dashboard, a lesson's outline.

Each runs a fixed number of queries whatever the number of enrolments (tests
assert it).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from people.models import StaffMember, StudyHourSettings

from .. import extensions, hours
from ..extensions import Link
from ..models import CoursePage, Enrolment, LessonPage, LessonProgress
from .catalogue import COVER_RENDITION, language_rank


def statuses_for(user, course_keys) -> dict:
    """Map course keys to ``user``'s enrolment in each (absent when not enrolled)."""
    if not user.is_authenticated:
        return {}
    return {
        row.course_key: row
        for row in Enrolment.objects.filter(user=user, course_key__in=list(course_keys))
    }


@dataclass
class LessonState:
    lesson: LessonPage
    completed: bool
    number: int


@dataclass
class Syllabus:
    """A course's lessons with one learner's progress through them."""

    lessons: list[LessonState]
    enrolment: Enrolment | None
    resume: LessonPage | None = None
    done: int = 0
    # Where to go once every lesson is done and the course is not complete.
    next_step: Link | None = None

    @property
    def percent(self) -> int:
        return hours.progress_percent(self.done, len(self.lessons))

    @property
    def lessons_done(self) -> bool:
        return bool(self.lessons) and self.done == len(self.lessons)


def syllabus(course: CoursePage, user, *, preview: bool = False) -> Syllabus:
    """Return ``user``'s way through ``course``; a preview lists the lesson drafts."""
    lessons = course.draft_lessons() if preview else list(course.lessons())
    enrolment = None
    done: set = set()
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(
            user=user, course_key=course.translation_key
        ).first()
        if enrolment is not None:
            done = LessonProgress.objects.lesson_keys(
                user=user,
                course_key=course.translation_key,
                since=enrolment.cycle_started_at,
            )
    states = [
        LessonState(lesson, lesson.translation_key in done, number)
        for number, lesson in enumerate(lessons, start=1)
    ]
    resume = next((s.lesson for s in states if not s.completed), None)
    plan = Syllabus(
        states,
        enrolment,
        resume=resume or (lessons[0] if lessons else None),
        done=sum(s.completed for s in states),
    )
    if plan.lessons_done and enrolment is not None and not enrolment.is_completed:
        plan.next_step = extensions.next_step(course, user)
    return plan


@dataclass
class DashboardCourse:
    enrolment: Enrolment
    course: CoursePage | None
    done: int = 0
    total: int = 0
    resume: LessonPage | None = None
    next_step: Link | None = None

    @property
    def percent(self) -> int:
        return hours.progress_percent(self.done, self.total)

    @property
    def cover(self) -> tuple[str, int, int] | None:
        """The course's cover rendition (prefetched with the course), if it has one."""
        image = self.course.cover_image if self.course else None
        if image is None:
            return None
        rendition = image.get_rendition(COVER_RENDITION)
        return rendition.url, rendition.width, rendition.height


@dataclass
class Dashboard:
    required: list[DashboardCourse] = field(default_factory=list)
    in_progress: list[DashboardCourse] = field(default_factory=list)
    completed: list[DashboardCourse] = field(default_factory=list)
    year: int = 0
    hours: Decimal = Decimal("0")
    target: Decimal = Decimal("0")
    staff: StaffMember | None = None

    @property
    def hours_percent(self) -> int:
        if self.target <= 0:
            return 100
        return min(100, int(self.hours * 100 / self.target))


def dashboard(user, *, language: str) -> Dashboard:
    """Return the learner's home: required, in progress and completed courses, and hours."""
    today = timezone.localdate()
    board = Dashboard(year=today.year)
    enrolments = list(Enrolment.objects.for_learner(user))
    keys = [row.course_key for row in enrolments]
    courses = _courses_in_language(keys, language)
    lessons = _lessons_by_course(keys, language)
    done = LessonProgress.objects.by_course(user=user, course_keys=keys)
    for enrolment in enrolments:
        if enrolment.cycle_started_at is not None:  # renewing: this cycle's lessons
            done[enrolment.course_key] = LessonProgress.objects.lesson_keys(
                user=user,
                course_key=enrolment.course_key,
                since=enrolment.cycle_started_at,
            )
        item = _dashboard_course(enrolment, courses, lessons, done, user)
        if item.course is None:
            continue
        if enrolment.is_completed:
            board.completed.append(item)
        elif enrolment.required:
            board.required.append(item)
        else:
            board.in_progress.append(item)
    board.required.sort(
        key=lambda item: (item.enrolment.due_date or today, item.course.title)
    )
    board.in_progress.sort(
        key=lambda item: item.enrolment.started_at or item.enrolment.enrolled_at,
        reverse=True,
    )
    board.completed.sort(key=lambda item: item.enrolment.completed_at, reverse=True)
    _add_hours(board, user)
    return board


def _dashboard_course(enrolment, courses, lessons, done, user) -> DashboardCourse:
    course_lessons = lessons.get(enrolment.course_key, [])
    finished = done.get(enrolment.course_key, set())
    resume = next(
        (lesson for lesson in course_lessons if lesson.translation_key not in finished),
        course_lessons[0] if course_lessons else None,
    )
    item = DashboardCourse(
        enrolment=enrolment,
        course=courses.get(enrolment.course_key),
        done=sum(1 for lesson in course_lessons if lesson.translation_key in finished),
        total=len(course_lessons),
        resume=resume,
    )
    lessons_done = item.course and item.total and item.done == item.total
    if lessons_done and not enrolment.is_completed:  # only the exam is left
        item.next_step = extensions.next_step(item.course, user)
    return item


def _courses_in_language(keys, language: str) -> dict:
    chosen: dict = {}
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(COVER_RENDITION)
    for page in (
        CoursePage.objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .prefetch_related(Prefetch("cover_image", queryset=images))
    ):
        rank = language_rank(page.locale.language_code, language)
        if page.translation_key not in chosen or rank < chosen[page.translation_key][0]:
            chosen[page.translation_key] = (rank, page)
    return {key: page for key, (_rank, page) in chosen.items()}


def _lessons_by_course(keys, language: str) -> dict:
    """Map course keys to their lessons in order, one version of each lesson."""
    chosen: dict = {}
    rows = (
        LessonPage.objects.live()
        .filter(course_key__in=keys)
        .select_related("locale")
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "translation_key",
            "course_key",
            "locale__language_code",
        )
        .order_by("path")
    )
    for lesson in rows:
        rank = language_rank(lesson.locale.language_code, language)
        current = chosen.get(lesson.translation_key)
        if current is None or rank < current[0]:
            chosen[lesson.translation_key] = (rank, lesson)
    by_course: dict = {}
    for _rank, lesson in sorted(chosen.values(), key=lambda pair: pair[1].path):
        by_course.setdefault(lesson.course_key, []).append(lesson)
    return by_course


def _add_hours(board: Dashboard, user) -> None:
    board.hours = extensions.year_hours(user, board.year)
    board.staff = (
        StaffMember.objects.filter(user=user)
        .select_related("position", "department")
        .first()
    )
    default = StudyHourSettings.load().annual_target_hours
    board.target = board.staff.annual_target_hours(default) if board.staff else default


@dataclass(frozen=True)
class OutlineLesson:
    key: object
    title: str
    url: str


@dataclass(frozen=True)
class Outline:
    """A course's title, address and lessons in order, the same for every learner."""

    course_pk: int
    course_key: object
    title: str
    url: str
    lessons: tuple[OutlineLesson, ...]

    def position(self, lesson_key) -> int:
        keys = [lesson.key for lesson in self.lessons]
        return keys.index(lesson_key) if lesson_key in keys else 0


@dataclass
class OutlineProgress:
    enrolment: Enrolment | None
    done: set
    total: int

    @property
    def percent(self) -> int:
        return hours.progress_percent(len(self.done), self.total)


def build_outline(lesson: LessonPage) -> Outline:
    """Return the outline of ``lesson``'s course (the same for every learner)."""
    course = lesson.get_parent().specific
    return Outline(
        course_pk=course.pk,
        course_key=course.translation_key,
        title=course.title,
        url=course.url,
        lessons=tuple(
            OutlineLesson(item.translation_key, item.title, item.url)
            for item in course.lessons()
        ),
    )


def outline_progress(user, outline: Outline) -> OutlineProgress:
    """Return ``user``'s enrolment and completed lessons of an outlined course."""
    enrolment = Enrolment.objects.filter(
        user=user, course_key=outline.course_key
    ).first()
    done = set()
    if enrolment is not None:
        done = LessonProgress.objects.lesson_keys(
            user=user, course_key=outline.course_key, since=enrolment.cycle_started_at
        )
    keys = {lesson.key for lesson in outline.lessons}
    return OutlineProgress(enrolment, done & keys, len(keys))
