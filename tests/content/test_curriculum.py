"""The built-in curriculum: its files, and loading them into the site."""

import re
import shutil
from pathlib import Path

import pytest

from assessments import services as assessments
from assessments.models import Assessment, AssessmentKind, Question, QuestionBank
from content.curriculum import ROOT, load_curriculum
from content.curriculum_files import CurriculumError, survey_curriculum
from courses import services as courses
from courses.models import CoursePage, Enrolment, LessonPage
from tests.factories.people import StaffMemberFactory

# What can be read, even while some course fails a check: each test below then
# fails for that course alone (test_each_course_passes_every_check names why).
COURSES, PROBLEMS = survey_curriculum(ROOT)
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_there_are_eight_courses_and_courses_6_and_7_are_required():
    assert [course.key[:2] for course in COURSES] == [f"0{n}" for n in range(1, 9)]
    required = {course.key[:2] for course in COURSES if course.required}
    assert required == {"06", "07"}


@pytest.mark.parametrize("course", COURSES, ids=lambda course: course.key)
def test_each_course_passes_every_check(course):
    mine = [str(e) for e in PROBLEMS if course.path.parent in Path(e.path).parents]
    assert mine == []


def test_every_course_folder_could_be_read():
    assert len(COURSES) == len([p for p in ROOT.iterdir() if p.name[:2].isdigit()])


@pytest.mark.parametrize("course", COURSES, ids=lambda course: course.key)
def test_each_course_has_lessons_a_bank_and_an_exam(course):
    assert 3 <= len(course.lessons) <= 8
    assert len(course.questions) >= 20
    assert {q.type for q in course.questions} == {
        "single_choice",
        "multiple_choice",
        "true_false",
        "fill_in",
        "ordering",
    }
    assert course.exam["draw"] == 10 and course.exam["pass_mark"] == 60
    for lesson in course.lessons:
        # A study part, or a law cited with its article (read_sources checks both).
        assert lesson.sources, lesson.path
        assert lesson.quiz, lesson.path
        text = str(lesson.texts["zh-hans"]["body"])
        assert 600 <= len(CJK.findall(text)) <= 1600, lesson.path
        kinds = [next(iter(block)) for block in lesson.texts["zh-hans"]["body"]]
        assert {"case_study", "check", "key_point"} <= set(kinds), lesson.path


@pytest.mark.parametrize("course", COURSES, ids=lambda course: course.key)
def test_every_question_has_an_answer_and_an_explanation_in_both_languages(course):
    for question in course.questions:
        for language in ("zh-hans", "en"):
            texts = question.texts[language]
            assert texts["text"].strip() and texts["explanation"].strip()
        if question.type in ("single_choice", "multiple_choice"):
            assert question.correct
        elif question.type == "true_false":
            assert isinstance(question.correct, bool)
        elif question.type == "fill_in":
            assert question.texts["zh-hans"]["answers"]
        else:
            assert len(question.texts["en"]["items"]) >= 3


@pytest.fixture
def two_courses(tmp_path):
    root = tmp_path / "curriculum"
    root.mkdir()
    for course in COURSES[:2]:
        shutil.copytree(course.path.parent, root / course.key)
    return root


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_an_edit_updates_only_its_page(two_courses):
    first = load_curriculum(two_courses)
    assert first.created
    assert CoursePage.objects.count() == 4  # two courses in two languages
    revisions = {page.pk: page.latest_revision_id for page in LessonPage.objects.all()}

    assert not load_curriculum(two_courses).changed

    lesson_file = sorted((two_courses / COURSES[0].key / "lessons").glob("*.yaml"))[0]
    text = lesson_file.read_text(encoding="utf-8")
    title = COURSES[0].lessons[0].texts["zh-hans"]["title"]
    lesson_file.write_text(text.replace(title, title + "（修订）", 1), encoding="utf-8")
    again = load_curriculum(two_courses)
    assert again.created == []
    # The lesson, and its practice quiz whose title it gives.
    pages = [line for line in again.updated if line.startswith("LessonPage")]
    assert len(pages) == 1 and COURSES[0].lessons[0].key in pages[0]
    assert len(again.updated) == 2 and again.updated[1].startswith("quiz")
    changed = [
        page
        for page in LessonPage.objects.all()
        if page.latest_revision_id != revisions[page.pk]
    ]
    assert [page.title for page in changed] == [title + "（修订）"]


@pytest.mark.django_db
def test_a_new_lesson_file_takes_its_place_in_the_order(two_courses):
    load_curriculum(two_courses)
    lessons = two_courses / COURSES[0].key / "lessons"
    first = sorted(lessons.glob("*.yaml"))[0]
    copy = re.sub(r"(?m)^quiz:.*$", "quiz: []", first.read_text(encoding="utf-8"))
    (lessons / "00-introduction.yaml").write_text(copy, encoding="utf-8")
    load_curriculum(two_courses)
    course = CoursePage.objects.get(
        slug=COURSES[0].key, locale__language_code="zh-hans"
    )
    slugs = list(course.lessons().values_list("slug", flat=True))
    assert slugs[0] == "00-introduction"
    assert slugs[1:] == [lesson.key for lesson in COURSES[0].lessons]
    english = course.get_translation(_english())
    assert list(english.get_children().values_list("slug", flat=True)) == slugs
    assert not load_curriculum(two_courses).changed


@pytest.mark.django_db
def test_a_malformed_file_stops_the_load_with_its_name_and_line(two_courses):
    bank = two_courses / COURSES[1].key / "questions.yaml"
    lines = bank.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + " : : ["
    bank.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CurriculumError) as error:
        load_curriculum(two_courses)
    assert error.value.path == bank and error.value.line is not None
    assert "questions.yaml:" in str(error.value)
    assert not CoursePage.objects.exists()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_a_question_naming_an_unknown_lesson_is_reported_and_nothing_loads(two_courses):
    bank = two_courses / COURSES[0].key / "questions.yaml"
    text = bank.read_text(encoding="utf-8")
    first_lesson = COURSES[0].questions[0].lesson
    bank.write_text(
        text.replace(f"lesson: {first_lesson}", "lesson: 99-nowhere", 1),
        encoding="utf-8",
    )
    with pytest.raises(CurriculumError, match="99-nowhere"):
        load_curriculum(two_courses)
    assert not LessonPage.objects.exists()


@pytest.mark.django_db
def test_every_built_in_course_loads_in_both_languages_and_can_be_completed():
    load_curriculum()
    learner = StaffMemberFactory(employee_id="C0001").user
    for data in COURSES:
        course = CoursePage.objects.get(slug=data.key, locale__language_code="zh-hans")
        assert course.get_translation(_english()).title == data.texts["en"]["title"]
        bank = QuestionBank.objects.get(course=course)
        assert bank.questions.count() == len(data.questions)
        assert Assessment.objects.filter(
            kind=AssessmentKind.QUIZ,
            page_key__in=[lesson.translation_key for lesson in course.lessons()],
        ).count() == len(data.lessons)
        courses.start_course(user=learner, course=course)
        for lesson in course.lessons():
            courses.complete_lesson(user=learner, lesson=lesson)
        exam = Assessment.objects.get(kind=AssessmentKind.EXAM, course=course)
        attempt = assessments.start_attempt(user=learner, assessment=exam)
        assessments.save_answers(attempt=attempt, answers=_right(attempt))
        assert assessments.submit_attempt(attempt=attempt).passed
        assert Enrolment.objects.get(
            user=learner, course_key=course.translation_key
        ).is_completed


def _english():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def _right(attempt) -> dict:
    from assessments import grading

    answers = {}
    for item in attempt.items.select_related("version"):
        content = item.version.content
        kind = content["type"]
        if kind == grading.SINGLE_CHOICE:
            answers[item.position] = grading.correct_ids(content)[0]
        elif kind == grading.MULTIPLE_CHOICE:
            answers[item.position] = grading.correct_ids(content)
        elif kind == grading.TRUE_FALSE:
            answers[item.position] = bool(content["correct"])
        elif kind == grading.FILL_IN:
            answers[item.position] = content["answers"][0]
        else:
            answers[item.position] = grading.choice_ids(content)
    return answers
