"""Extension points for apps built on courses (assessments adds its quizzes and exams).

Courses cannot import those apps (dependencies point one way, DESIGN.md), so
they register callables here in their ``AppConfig.ready``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""


LessonLinks = Callable[..., list[Link]]
_lesson_links: list[LessonLinks] = []
_course_links: list[LessonLinks] = []
# ``provider(request) -> str``: safe HTML shown on the learner's dashboard.
DashboardSection = Callable[..., str]
_dashboard_sections: list[DashboardSection] = []
# ``provider(user, year) -> Decimal``: the study hours credited in a year.
YearHours = Callable[..., Decimal]
_year_hours: list[YearHours] = []


def register_lesson_links(provider: LessonLinks) -> None:
    """Add ``provider(lesson, user) -> [Link]``: shown at the end of a lesson."""
    if provider not in _lesson_links:
        _lesson_links.append(provider)


def register_course_links(provider: LessonLinks) -> None:
    """Add ``provider(course, user) -> [Link]``: shown on the course page."""
    if provider not in _course_links:
        _course_links.append(provider)


def lesson_links(lesson, user) -> list[Link]:
    return [link for provider in _lesson_links for link in provider(lesson, user)]


def course_links(course, user) -> list[Link]:
    return [link for provider in _course_links for link in provider(course, user)]


def register_dashboard_section(provider: DashboardSection) -> None:
    """Add ``provider(request) -> html``: a section of the learner's dashboard."""
    if provider not in _dashboard_sections:
        _dashboard_sections.append(provider)


def dashboard_sections(request) -> list[str]:
    return [html for provider in _dashboard_sections if (html := provider(request))]


def register_year_hours(provider: YearHours) -> None:
    """Set ``provider(user, year) -> Decimal``: the 学时 the dashboard shows (the ledger)."""
    if provider not in _year_hours:
        _year_hours.append(provider)


def year_hours(user, year: int) -> Decimal:
    return sum((provider(user, year) for provider in _year_hours), Decimal("0"))


# ``provider(course, user) -> Link | None``: where a learner goes once every
# lesson is done but the course is not complete yet (the final exam).
NextStep = Callable[..., "Link | None"]
_next_steps: list[NextStep] = []


def register_next_step(provider: NextStep) -> None:
    if provider not in _next_steps:
        _next_steps.append(provider)


def next_step(course, user) -> Link | None:
    """The first registered next step of a course whose lessons are all done."""
    for provider in _next_steps:
        step = provider(course, user)
        if step is not None:
            return step
    return None


# ``provider(request, lesson, completed) -> str``: safe HTML shown at the end
# of a lesson, above its confirmation (the ledger's verified study time).
LessonPanel = Callable[..., str]
_lesson_panels: list[LessonPanel] = []
# ``check(user, lesson) -> str | None``: why the learner may not confirm the
# lesson yet (a message to show), or None.
CompletionCheck = Callable[..., "str | None"]
_completion_checks: list[CompletionCheck] = []


def register_lesson_panel(provider: LessonPanel) -> None:
    if provider not in _lesson_panels:
        _lesson_panels.append(provider)


def lesson_panels(request, lesson, completed: bool) -> list[str]:
    return [
        html
        for provider in _lesson_panels
        if (html := provider(request, lesson, completed))
    ]


def register_completion_check(check: CompletionCheck) -> None:
    if check not in _completion_checks:
        _completion_checks.append(check)


def completion_refusal(user, lesson) -> str | None:
    for check in _completion_checks:
        if (reason := check(user, lesson)) is not None:
            return reason
    return None


# ``provider(course, user) -> [Link]``: what the course editor lists and links
# to (assessments: the course's quizzes and final exam, and how to add them).
_authoring_links: list[LessonLinks] = []


def register_authoring_links(provider: LessonLinks) -> None:
    if provider not in _authoring_links:
        _authoring_links.append(provider)


def authoring_links(course, user) -> list[Link]:
    return [link for provider in _authoring_links for link in provider(course, user)]
