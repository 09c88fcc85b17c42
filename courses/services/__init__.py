"""What changes a learner's courses: enrolment, starting, lessons, completion, assignments.

Lesson progress is never written by a caller directly: ``complete_lesson``
records an xAPI statement and ``courses.projection`` turns that statement (or
the same statement from an external package) into progress, in the same
transaction. Every service takes ``now=`` so that the demo seeding can record
history with its real dates.
"""

from .assignments import (
    apply_assignment,
    apply_assignments_to_staff,
    create_assignment,
)
from .learning import complete_lesson, enrol_learner, start_course
from .progress import (
    evaluate_completion,
    recheck_completion,
    record_lesson_progress,
    register_completion_requirement,
    undo_lesson_progress,
)
from .renewal import renew_enrolment

__all__ = [
    "apply_assignment",
    "apply_assignments_to_staff",
    "complete_lesson",
    "create_assignment",
    "enrol_learner",
    "evaluate_completion",
    "recheck_completion",
    "record_lesson_progress",
    "register_completion_requirement",
    "renew_enrolment",
    "start_course",
    "undo_lesson_progress",
]
