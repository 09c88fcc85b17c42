"""Courses: the page tree trainers author, and the learner records projected from xAPI.

Learner records (enrolments, lesson progress, the study-hour ledger) are keyed by
the pages' ``translation_key``, not their ids, so a course and its translation
are one course with one progress, as their xAPI activity ids are one activity.
"""

from .creation import PageCreation
from .learning import (
    Assignment,
    ContentVersion,
    Enrolment,
    LessonProgress,
    PackageLaunch,
    Programme,
    ProgrammeCourse,
)
from .pages import (
    CataloguePage,
    CompletionRule,
    CourseKind,
    CoursePage,
    CoursePrerequisite,
    CourseTag,
    LessonPage,
)
from .review import CourseReviewTask
from .settings import CreditHourSettings

__all__ = [
    "Assignment",
    "CataloguePage",
    "CompletionRule",
    "ContentVersion",
    "CourseKind",
    "CoursePage",
    "CoursePrerequisite",
    "CourseReviewTask",
    "CourseTag",
    "CreditHourSettings",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "PackageLaunch",
    "PageCreation",
    "Programme",
    "ProgrammeCourse",
]
