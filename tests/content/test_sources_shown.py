"""Learners see what a lesson rests on, and what its course is written from."""

import pytest
from wagtail.models import Locale

from content.curriculum import load_curriculum
from courses import services
from courses.models import CoursePage, LessonPage
from tests.content.curricula import single, write_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db

SOURCES = [
    {"study": "2.2.2", "detail": {"zh-hans": "决策机制", "en": "decision-making"}},
    {"study": "sharing"},
    {
        "law": {
            "zh-hans": "《中华人民共和国政府信息公开条例》（2019年修订）第三十三条",
            "en": "Regulations on Open Government Information (revised 2019), art. 33",
        }
    },
]
QUESTIONS = [single("s1", 0), single("s2", 1), single("s3", 2), single("s4", 3)]


@pytest.fixture
def course(tmp_path):
    write_course(tmp_path, "01-a", QUESTIONS, sources=SOURCES)
    load_curriculum(tmp_path)
    return CoursePage.objects.get(slug="01-a", locale__language_code="zh-hans")


@pytest.fixture
def learner_client(client, course):
    learner = StaffMemberFactory(employee_id="S0001").user
    services.start_course(user=learner, course=course)
    client.force_login(learner)
    return client


def test_a_lesson_page_shows_its_sources_in_the_readers_language(
    learner_client, course
):
    lesson = course.lessons().get()
    body = learner_client.get(lesson.url).content.decode()
    assert "研究 · 2.2.2 完善政府的相关运行机制（决策机制）" in body
    assert "研究 · 问题：信息共享与开放、工作协同机制" in body
    assert "《中华人民共和国政府信息公开条例》（2019年修订）第三十三条" in body
    english = lesson.get_translation(Locale.objects.get(language_code="en"))
    learner_client.cookies["django_language"] = "en"
    body = learner_client.get(english.url).content.decode()
    assert "Sources" in body
    assert (
        "Study · 2.2.2 Improve the government&#x27;s operating mechanisms "
        "(decision-making)" in body
    )
    assert "Regulations on Open Government Information (revised 2019), art. 33" in body
    assert "完善政府" not in body


def test_the_course_page_names_the_study_and_how_it_was_dated(client, course):
    body = client.get(course.url).content.decode()
    assert "王坤（中共陕西省委党校（陕西行政学院））" in body
    assert "约写于2018—2020年" in body and "早于2021年" in body
    english = course.get_translation(Locale.objects.get(language_code="en"))
    client.cookies["django_language"] = "en"
    body = client.get(english.url).content.decode()
    assert "Wang Kun" in body and "around 2018–2020" in body
    assert "predates the Data Security Law" in body


def test_the_course_metadata_carries_the_study_note(client, course):
    response = client.get(f"/api/v2/pages/{course.pk}/")
    assert "王坤" in response.json()["source_note"]


def test_a_changed_source_publishes_a_new_revision_of_that_lesson_only(
    tmp_path, course
):
    lessons = {page.pk: page.latest_revision_id for page in LessonPage.objects.all()}
    path = tmp_path / "01-a" / "lessons" / "01-only.yaml"
    path.write_text(path.read_text("utf-8").replace("sharing", "coordination"), "utf-8")
    report = load_curriculum(tmp_path)
    assert [line.split()[0] for line in report.updated] == ["LessonPage"] * 2
    changed = [
        page.locale.language_code
        for page in LessonPage.objects.all()
        if page.latest_revision_id != lessons[page.pk]
    ]
    assert sorted(changed) == ["en", "zh-hans"]
    assert {"kind": "study", "text": "研究 · 问题：职能统筹协调不到位"} in (
        LessonPage.objects.get(locale__language_code="zh-hans").sources
    )
