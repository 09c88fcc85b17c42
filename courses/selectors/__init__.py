"""Reads that build more than a QuerySet: the catalogue, a syllabus, the dashboard.

None of them takes a request or renders: cached fragments are built in
``courses.caching`` from these.
"""

from .catalogue import (
    HOUR_RANGES,
    CatalogueFilters,
    CourseCard,
    catalogue_cards,
    catalogue_ids,
    catalogue_pages,
    catalogue_topics,
    language_rank,
)
from .learner import (
    Dashboard,
    DashboardCourse,
    LessonState,
    Outline,
    OutlineLesson,
    OutlineProgress,
    Syllabus,
    build_outline,
    dashboard,
    outline_progress,
    statuses_for,
    syllabus,
)

__all__ = [
    "HOUR_RANGES",
    "CatalogueFilters",
    "CourseCard",
    "Dashboard",
    "DashboardCourse",
    "LessonState",
    "Outline",
    "OutlineLesson",
    "OutlineProgress",
    "Syllabus",
    "build_outline",
    "catalogue_cards",
    "catalogue_ids",
    "catalogue_pages",
    "catalogue_topics",
    "dashboard",
    "language_rank",
    "outline_progress",
    "statuses_for",
    "syllabus",
]
