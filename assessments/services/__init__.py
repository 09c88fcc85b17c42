"""The services of assessments, by topic; every public name is importable from here.

``attempts``: starting, answering, submitting, grading expired attempts;
``recording``: grading and the statements of an attempt, and the results'
reads; ``authoring``: writing questions, quizzes and exams; ``grants``: how
many attempts a learner has, and the extra ones granted.
"""

from .attempts import (
    attempts_left,
    check_can_start,
    grade_expired_attempts,
    save_answers,
    save_shown_answers,
    start_attempt,
    submit_attempt,
)
from .authoring import (
    ChoiceText,
    Outcome,
    QuestionSpec,
    Saved,
    save_exam,
    save_question,
    save_quiz,
)
from .grants import attempts_allowed, grant_attempt
from .recording import (
    assessment_object,
    best_exam_result,
    counted_attempt,
    exam_passed,
    feedback_due,
    grade_attempt,
)

__all__ = [
    "ChoiceText",
    "Outcome",
    "QuestionSpec",
    "Saved",
    "assessment_object",
    "best_exam_result",
    "attempts_allowed",
    "attempts_left",
    "check_can_start",
    "counted_attempt",
    "exam_passed",
    "feedback_due",
    "grade_attempt",
    "grade_expired_attempts",
    "grant_attempt",
    "save_answers",
    "save_exam",
    "save_question",
    "save_quiz",
    "save_shown_answers",
    "start_attempt",
    "submit_attempt",
]
