"""Writing questions, quizzes and exams: the services both importers use."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.banks import import_bank
from assessments.models import Assessment, Question, QuestionBank, QuestionVersion
from assessments.resources import COLUMNS
from assessments.services import ChoiceText, Outcome, QuestionSpec
from courses import services as courses
from tests.factories.assessments import make_exam
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return QuestionBank.objects.create(name="写题题库")


def spec(**changes) -> QuestionSpec:
    values = {
        "type": "multiple_choice",
        "text": "哪些是强密码的特点？",
        "text_en": "Which make a strong password?",
        "explanation": "长度和字符种类。",
        "explanation_en": "Length and variety.",
        "choices": [
            ChoiceText("足够长", "Long"),
            ChoiceText("生日", "A birthday"),
            ChoiceText("多种字符", "Mixed characters"),
        ],
        "correct_choices": ["a", "c"],
    }
    return QuestionSpec(**{**values, **changes})


def test_choices_are_named_by_their_position(bank):
    saved = services.save_question(bank=bank, key="pw", spec=spec())
    assert saved.outcome == Outcome.CREATED
    content = saved.item.current_version.content
    assert [(c["id"], c["correct"]) for c in content["choices"]] == [
        ("a", True),
        ("b", False),
        ("c", True),
    ]


def test_saving_the_same_question_again_writes_nothing(
    bank, django_assert_max_num_queries
):
    first = services.save_question(bank=bank, key="pw", spec=spec())
    # A savepoint, the question, its choices, the savepoint's release: no write.
    with django_assert_max_num_queries(4):
        again = services.save_question(bank=bank, key="pw", spec=spec())
    assert again.outcome == Outcome.UNCHANGED
    assert again.item.current_version == first.item.current_version
    assert QuestionVersion.objects.count() == 1


def test_an_edit_makes_a_new_version_only_once_an_attempt_holds_the_old(bank):
    learner = StaffMemberFactory().user
    course = make_course("写题课程", lessons=1)
    courses.start_course(user=learner, course=course)
    question = services.save_question(bank=bank, key="pw", spec=spec()).item
    edited = services.save_question(bank=bank, key="pw", spec=spec(text="修改过的题干"))
    assert edited.outcome == Outcome.UPDATED
    assert QuestionVersion.objects.filter(question=question).count() == 1

    exam = make_exam(course, fixed=[question])
    services.start_attempt(user=learner, assessment=exam)
    services.save_question(bank=bank, key="pw", spec=spec(correct_choices=["a"]))
    versions = QuestionVersion.objects.filter(question=question).order_by("number")
    assert [version.number for version in versions] == [1, 2]
    assert versions[0].content["text"]["zh-hans"] == "修改过的题干"
    assert Question.objects.get(pk=question.pk).choices.count() == 3


@pytest.mark.parametrize(
    "changes",
    [
        {"correct_choices": ["d"]},
        {"type": "single_choice"},  # two correct choices
        {"correct_choices": []},
        {"type": "ordering"},  # an ordering question names no correct choice
        {"choices": [ChoiceText("只有一个", "Only one")], "correct_choices": ["a"]},
    ],
)
def test_an_ungradable_question_raises_and_writes_nothing(bank, changes):
    with pytest.raises(ValidationError):
        services.save_question(bank=bank, key="bad", spec=spec(**changes))
    assert not Question.objects.exists()


def test_true_or_false_and_fill_in_have_no_choices(bank):
    true_false = services.save_question(
        bank=bank,
        key="tf",
        spec=spec(type="true_false", true_false_answer=True, correct_choices=[]),
    ).item
    assert true_false.choices.count() == 0
    assert true_false.current_version.content["correct"] is True
    fill_in = services.save_question(
        bank=bank,
        key="fill",
        spec=spec(
            type="fill_in", answers=[" 443 ", "", "HTTPS"], true_false_answer=True
        ),
    ).item
    assert fill_in.accepted_answers == "443\nHTTPS"
    assert fill_in.true_false_answer is None


def test_topic_and_lesson_left_out_are_kept(bank):
    course = make_course("有课时的课程", lessons=1)
    lesson = course.lessons().first()
    services.save_question(bank=bank, key="pw", spec=spec(topic="密码", lesson=lesson))
    saved = services.save_question(bank=bank, key="pw", spec=spec())
    assert saved.outcome == Outcome.UNCHANGED
    assert (saved.item.topic, saved.item.lesson_id) == ("密码", lesson.pk)


def test_the_bank_file_and_the_service_mean_the_same_question(bank):
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        key="pw",
        type="multiple_choice",
        text_zh="哪些是强密码的特点？",
        text_en="Which make a strong password?",
        choices_zh="足够长 | 生日 | 多种字符",
        choices_en="Long | A birthday | Mixed characters",
        correct="A,C",
        explanation_zh="长度和字符种类。",
        explanation_en="Length and variety.",
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows([COLUMNS, [values[column] for column in COLUMNS]])
    content = buffer.getvalue().encode()
    import_bank(bank=bank, content=content, filename="bank.csv")
    from_file = Question.objects.get(key="pw").current_version.content
    other = QuestionBank.objects.create(name="另一个题库")
    from_service = services.save_question(bank=other, key="pw", spec=spec()).item
    assert from_service.current_version.content == from_file
    report = import_bank(bank=bank, content=content, filename="bank.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_quiz_and_an_exam_are_saved_once(bank):
    course = make_course("测验课程", lessons=1)
    lesson = course.lessons().first()
    questions = [
        services.save_question(bank=bank, key=key, spec=spec()).item
        for key in ("q1", "q2")
    ]
    quiz = services.save_quiz(
        lesson=lesson, title="测验", title_en="Quiz", questions=questions
    )
    assert quiz.outcome == Outcome.CREATED
    same = services.save_quiz(
        lesson=lesson, title="测验", title_en="Quiz", questions=questions
    )
    assert same.outcome == Outcome.UNCHANGED
    reordered = services.save_quiz(
        lesson=lesson, title="测验", title_en="Quiz", questions=questions[::-1]
    )
    assert reordered.outcome == Outcome.UPDATED
    assert list(
        reordered.item.fixed_questions.order_by("sort_order").values_list(
            "question__key", flat=True
        )
    ) == ["q2", "q1"]

    exam = {"course": course, "title": "考试", "title_en": "Exam", "bank": bank}
    created = services.save_exam(**exam, draw=2, pass_mark=60)
    assert created.outcome == Outcome.CREATED
    assert services.save_exam(**exam, draw=2, pass_mark=60).outcome == Outcome.UNCHANGED
    changed = services.save_exam(**exam, draw=1, pass_mark=80, max_attempts=3)
    assert changed.outcome == Outcome.UPDATED
    assert list(changed.item.draw_rules.values_list("count", flat=True)) == [1]
    assert (changed.item.pass_mark, changed.item.max_attempts) == (80, 3)
    assert Assessment.objects.filter(kind="exam").count() == 1
