"""Practice quizzes show their choices shuffled, and grade by choice, not by place."""

from collections import Counter

import pytest

from assessments import player
from assessments import services as assessments
from assessments.models import Assessment, AssessmentKind
from content.curriculum import load_curriculum
from courses.models import LessonPage
from courses.services import start_course
from tests.content.curricula import multiple, single, write_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db

ATTEMPTS = 20  # the answer in one place all 20 times: about 1 in 10^11


@pytest.fixture
def quiz(tmp_path):
    questions = [
        single("s1", 0),
        single("s2", 1),
        single("s3", 2),
        single("s4", 3),
        multiple("m1", [1, 3]),
    ]
    write_course(tmp_path, "01-a", questions, quiz=["s1", "m1"])
    load_curriculum(tmp_path)
    lesson = LessonPage.objects.get(locale__language_code="zh-hans")
    return Assessment.objects.get(kind=AssessmentKind.QUIZ, lesson=lesson)


def _take(quiz, learner) -> tuple[int, bool]:
    """Answer s1 with its right choice, found by its text; return its place, the grade."""
    attempt = assessments.start_attempt(user=learner, assessment=quiz)
    shown = {question["text"]: question for question in player.questions(attempt, "en")}
    s1 = shown["What should be done in case s1?"]
    m1 = shown["What should be done in case m1?"]
    right = next(c for c in s1["choices"] if c["text"] == "A")
    answers = {
        s1["position"]: right["id"],
        m1["position"]: [c["id"] for c in m1["choices"] if c["text"] in ("B", "D")],
    }
    assessments.save_shown_answers(attempt=attempt, answers=answers)
    graded = assessments.submit_attempt(attempt=attempt)
    return s1["choices"].index(
        right
    ), graded.passed and graded.score == graded.max_score


def test_the_right_choice_moves_from_attempt_to_attempt_and_still_counts(quiz):
    assert quiz.shuffle_choices
    learner = StaffMemberFactory(employee_id="Q0001").user
    start_course(user=learner, course=quiz.lesson.get_parent().specific)
    places, grades = Counter(), set()
    for _ in range(ATTEMPTS):
        place, full_marks = _take(quiz, learner)
        places[place] += 1
        grades.add(full_marks)
    assert len(places) > 1, places
    assert grades == {True}
