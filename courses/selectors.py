"""Reads that build more than a QuerySet: the catalogue, a syllabus, the dashboard.

Each runs a fixed number of queries whatever the number of courses or
enrolments (tests assert it), so the pages stay fast on big sites.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.images import get_image_model

from people.models import StaffMember, StudyHourSettings

from . import hours
from .models import (
    CoursePage,
    CreditHourSettings,
    Enrolment,
    LessonPage,
    LessonProgress,
    StudyHourEntry,
)

COVER_RENDITION = "fill-480x270"
HOUR_RANGES = {
    "short": (Decimal("0"), Decimal("1")),
    "medium": (Decimal("1.5"), Decimal("3")),
    "long": (Decimal("3.5"), None),
}


@dataclass
class CatalogueFilters:
    query: str = ""
    topic: str = ""
    kind: str = ""
    hours: str = ""
    language: str = ""


def catalogue_ids(filters: CatalogueFilters, *, language: str) -> list[int]:
    """Return the ids of the courses to list, one version per course, in tree order.

    A course is shown in the visitor's language when it has that version,
    else in the site's default language, else in any. ``filters.language``
    keeps only courses available in that language (and shows that version).
    """
    rows = _catalogue_rows(filters)
    rules = CreditHourSettings.load()
    wanted = filters.language or language
    chosen: dict = {}
    for row in rows:
        key = row["translation_key"]
        rank = _language_rank(row["locale__language_code"], wanted)
        if filters.language and row["locale__language_code"] != filters.language:
            continue
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, row)
    picked = [row for _rank, row in chosen.values()]
    if filters.hours in HOUR_RANGES:
        picked = [row for row in picked if _in_range(row, filters.hours, rules)]
    picked.sort(key=lambda row: row["path"])
    return [row["id"] for row in picked]


def _catalogue_rows(filters: CatalogueFilters) -> list[dict]:
    courses = CoursePage.objects.live().public()
    if filters.kind:
        courses = courses.filter(kind=filters.kind)
    if filters.topic:
        courses = courses.filter(tagged_items__tag__slug=filters.topic)
    if filters.query:
        courses = courses.filter(pk__in=_search_ids(filters.query))
    return list(
        courses.values(
            "id",
            "translation_key",
            "locale__language_code",
            "credit_hours",
            "estimated_minutes",
            "path",
        )
    )


def _search_ids(query: str) -> set[int]:
    """Return the courses matching ``query`` by Wagtail search or by substring.

    The substring match covers Chinese, which the database search backend
    does not split into words.
    """
    found = {page.pk for page in CoursePage.objects.live().search(query)}
    found.update(
        CoursePage.objects.live()
        .filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(objectives__icontains=query)
            | Q(tagged_items__tag__name__icontains=query)
        )
        .values_list("pk", flat=True)
    )
    return found


def _language_rank(code: str, wanted: str) -> int:
    if code == wanted:
        return 0
    return 1 if code == settings.LANGUAGE_CODE else 2


def _in_range(row: dict, name: str, rules) -> bool:
    value = row["credit_hours"]
    if value is None:
        value = hours.derive_credit_hours(
            row["estimated_minutes"],
            minutes_per_hour=rules.minutes_per_credit_hour,
            step=rules.credit_hour_step,
        )
    low, high = HOUR_RANGES[name]
    return value >= low and (high is None or value <= high)


def catalogue_pages(ids: list[int]) -> list[CoursePage]:
    """Load the listed courses with their topics and cover renditions, in order."""
    images = get_image_model().objects.prefetch_renditions(COVER_RENDITION)
    pages = {
        page.pk: page
        for page in CoursePage.objects.filter(pk__in=ids)
        .select_related("locale")
        .prefetch_related("tagged_items__tag")
        .prefetch_related(_prefetch_cover(images))
    }
    rules = CreditHourSettings.load()
    for page in pages.values():
        page._credit_rules = rules
    return [pages[pk] for pk in ids if pk in pages]


@dataclass(frozen=True)
class CourseCard:
    """What the catalogue shows of a course: plain values, cheap to cache."""

    key: object
    title: str
    url: str
    language: str
    kind: str
    kind_label: str
    hours: Decimal
    summary: str
    topics: tuple[str, ...]
    cover: tuple[str, int, int] | None


def catalogue_cards(ids: list[int]) -> list[CourseCard]:
    """Return the listed courses as cards, in order (labels in the active language)."""
    cards = []
    for page in catalogue_pages(ids):
        cover = None
        if page.cover_image is not None:
            rendition = page.cover_image.get_rendition(COVER_RENDITION)
            cover = (rendition.url, rendition.width, rendition.height)
        cards.append(
            CourseCard(
                key=page.translation_key,
                title=page.title,
                url=page.url,
                language=page.locale.language_code,
                kind=page.kind,
                kind_label=str(page.get_kind_display()),
                hours=page.effective_credit_hours,
                summary=page.summary,
                topics=tuple(item.tag.name for item in page.tagged_items.all()),
                cover=cover,
            )
        )
    return cards


def catalogue_topics() -> list[tuple[str, str]]:
    """Return (slug, name) of every topic some course has, by name."""
    from taggit.models import Tag

    from .models import CourseTag

    return list(
        Tag.objects.filter(pk__in=CourseTag.objects.values("tag_id"))
        .order_by("name")
        .values_list("slug", "name")
    )


def _prefetch_cover(images):
    from django.db.models import Prefetch

    return Prefetch("cover_image", queryset=images)


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

    @property
    def percent(self) -> int:
        return hours.progress_percent(self.done, len(self.lessons))


def syllabus(course: CoursePage, user) -> Syllabus:
    lessons = list(course.lessons())
    enrolment = None
    done: set = set()
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(
            user=user, course_key=course.translation_key
        ).first()
        if enrolment is not None:
            done = set(
                LessonProgress.objects.filter(
                    user=user, course_key=course.translation_key
                ).values_list("lesson_key", flat=True)
            )
    states = [
        LessonState(lesson, lesson.translation_key in done, number)
        for number, lesson in enumerate(lessons, start=1)
    ]
    resume = next((s.lesson for s in states if not s.completed), None)
    return Syllabus(
        states,
        enrolment,
        resume=resume or (lessons[0] if lessons else None),
        done=sum(s.completed for s in states),
    )


@dataclass
class DashboardCourse:
    enrolment: Enrolment
    course: CoursePage | None
    done: int = 0
    total: int = 0
    resume: LessonPage | None = None

    @property
    def percent(self) -> int:
        return hours.progress_percent(self.done, self.total)


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
    done = _done_lessons(user, keys)
    for enrolment in enrolments:
        item = _dashboard_course(enrolment, courses, lessons, done)
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


def _dashboard_course(enrolment, courses, lessons, done) -> DashboardCourse:
    course_lessons = lessons.get(enrolment.course_key, [])
    finished = done.get(enrolment.course_key, set())
    resume = next(
        (lesson for lesson in course_lessons if lesson.translation_key not in finished),
        course_lessons[0] if course_lessons else None,
    )
    return DashboardCourse(
        enrolment=enrolment,
        course=courses.get(enrolment.course_key),
        done=sum(1 for lesson in course_lessons if lesson.translation_key in finished),
        total=len(course_lessons),
        resume=resume,
    )


def _courses_in_language(keys, language: str) -> dict:
    chosen: dict = {}
    for page in (
        CoursePage.objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale")
    ):
        rank = _language_rank(page.locale.language_code, language)
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
        rank = _language_rank(lesson.locale.language_code, language)
        current = chosen.get(lesson.translation_key)
        if current is None or rank < current[0]:
            chosen[lesson.translation_key] = (rank, lesson)
    by_course: dict = {}
    for _rank, lesson in sorted(chosen.values(), key=lambda pair: pair[1].path):
        by_course.setdefault(lesson.course_key, []).append(lesson)
    return by_course


def _done_lessons(user, keys) -> dict:
    done: dict = {}
    for course_key, lesson_key in LessonProgress.objects.filter(
        user=user, course_key__in=keys
    ).values_list("course_key", "lesson_key"):
        done.setdefault(course_key, set()).add(lesson_key)
    return done


def _add_hours(board: Dashboard, user) -> None:
    total = sum(
        StudyHourEntry.objects.for_year(user, board.year).values_list(
            "hours", flat=True
        ),
        Decimal("0"),
    )
    board.hours = total
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


def course_outline(request, lesson: LessonPage) -> Outline:
    """Return the outline of ``lesson``'s course, cached per content version."""
    from django.utils.translation import get_language

    from .caching import get_or_set

    def build() -> Outline:
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

    return get_or_set(request, "outline", (lesson.pk, get_language()), build)


def outline_progress(user, outline: Outline) -> OutlineProgress:
    """Return ``user``'s enrolment and completed lessons of an outlined course."""
    enrolment = Enrolment.objects.filter(
        user=user, course_key=outline.course_key
    ).first()
    done = set()
    if enrolment is not None:
        done = set(
            LessonProgress.objects.filter(
                user=user, course_key=outline.course_key
            ).values_list("lesson_key", flat=True)
        )
    keys = {lesson.key for lesson in outline.lessons}
    return OutlineProgress(enrolment, done & keys, len(keys))


def lesson_body(request, lesson: LessonPage) -> str:
    """Return the rendered body of a lesson without per-learner parts, cached."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from .caching import get_or_set

    # Rendered by our own templates from the StreamField, so already escaped.
    return mark_safe(
        get_or_set(
            request,
            "lesson-body",
            (lesson.pk, get_language()),
            lambda: render_to_string(
                "courses/includes/lesson_body.html", {"page": lesson}, request=None
            ),
        )
    )
