"""The models of assessments, by topic; every public name is importable from here.

``questions``: banks, questions, choices and their frozen versions;
``assessments``: quizzes and exams with their rules; ``attempts``: a learner's
attempts, their drawn questions and extra attempts granted.
"""

from .assessments import (
    Assessment,
    AssessmentKind,
    DrawRule,
    FeedbackPolicy,
    FixedQuestion,
    ScorePolicy,
)
from .attempts import Attempt, AttemptGrant, AttemptQuerySet, AttemptQuestion
from .questions import (
    CHOICE_IDS,
    Choice,
    Difficulty,
    Question,
    QuestionBank,
    QuestionType,
    QuestionVersion,
    check_content,
)

__all__ = [
    "CHOICE_IDS",
    "Assessment",
    "AssessmentKind",
    "Attempt",
    "AttemptGrant",
    "AttemptQuerySet",
    "AttemptQuestion",
    "Choice",
    "Difficulty",
    "DrawRule",
    "FeedbackPolicy",
    "FixedQuestion",
    "Question",
    "QuestionBank",
    "QuestionType",
    "QuestionVersion",
    "ScorePolicy",
    "check_content",
]
