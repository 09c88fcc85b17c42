"""A cmi5 course in the catalogue: imported as a course page, played lesson by lesson."""

import json
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from courses import services
from courses.cmi5_blocks import Cmi5AuBlock
from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress
from packages.cmi5_models import Cmi5Course, Cmi5Registration, Cmi5Session
from people.agents import agent_for
from tests.factories.courses import catalogue
from tests.factories.people import StaffMemberFactory
from tests.packages.cmi5_api import Launch
from tests.packages.cmi5_zips import au, block, course_zip, structure
from xapi import vocabulary as v
from xapi.models import Document, Statement

pytestmark = pytest.mark.django_db

COURSE_XML = structure(
    block(
        au("phishing", move_on="Completed"),
        au("passwords", move_on="Passed", mastery="0.8"),
        au("notice", move_on="NotApplicable"),
    )
)
PASS = {"success": True, "duration": "PT10S", "score": {"scaled": 0.9}}


def import_zip(tmp_path, xml=COURSE_XML, *options) -> CoursePage:
    path = tmp_path / "security.zip"
    path.write_bytes(course_zip(xml).getvalue())
    out = StringIO()
    call_command("import_cmi5", str(path), *options, stdout=out)
    return CoursePage.objects.get(
        pk=int(out.getvalue().split("course page ")[1].split()[0])
    )


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="P5001").user


@pytest.fixture
def course(tmp_path):
    return import_zip(tmp_path, COURSE_XML, "--publish")


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))


def open_lesson(client, learner, lesson) -> Launch:
    """Launch the lesson's AU as the learner and start it as an AU would."""
    client.force_login(learner)
    response = client.post(f"/learning/lesson/{lesson.pk}/launch/")
    assert response.status_code == 302, response.content
    query = parse_qs(urlsplit(response["Location"]).query)
    session = Cmi5Session.objects.latest("launched_at")
    launch = Launch(
        _ApiClient(client),
        {
            "url": response["Location"],
            "sessionId": str(session.session_id),
            "registration": query["registration"][0],
        },
    )
    launch.auth = "Basic " + launch.fetch().json()["auth-token"]
    agent = json.dumps(agent_for(learner))
    launch.xapi(
        "GET", "agents/profile", profileId="cmi5LearnerPreferences", agent=agent
    )
    return launch


class _ApiClient:
    def __init__(self, client):
        self.client = client


def send(launch: Launch, learner, verb: str, **fields):
    statement = launch.statement(verb, **fields)
    statement["actor"] = agent_for(learner)
    if verb == "passed":
        statement["context"]["extensions"][v.CMI5_MASTERY_SCORE] = 0.8
    response = launch.xapi("POST", "statements", [statement])
    assert response.status_code == 200, response.content
    return response


def completions(lesson) -> list[dict]:
    found = Statement.objects.filter(verb_id=v.COMPLETED).values_list("data", flat=True)
    return [data for data in found if data["object"]["id"] == lesson.activity_id]


def done(learner, lesson) -> bool:
    return LessonProgress.objects.filter(
        user=learner, lesson_key=lesson.translation_key
    ).exists()


def test_the_import_makes_a_course_page_with_a_lesson_per_au_in_order(tmp_path):
    described = COURSE_XML.replace(
        "<description><langstring lang='zh-CN'>信息安全</langstring>".encode(),
        "<description><langstring lang='zh-CN'>\n  信息安全\n    课程说明\n</langstring>".encode(),
    )
    course = import_zip(tmp_path, described)
    assert course.get_parent().specific == catalogue("zh-hans")
    assert course.summary == "信息安全 课程说明"  # the XML's line breaks are gone
    assert (course.title, course.live, course.completion_rule) == (
        "信息安全",
        False,
        "lessons",
    )
    lessons = lessons_of(course)
    assert [lesson.title for lesson in lessons] == ["phishing", "passwords", "notice"]
    assert not any(lesson.live for lesson in lessons)
    cmi5_course = Cmi5Course.objects.get()
    assert [lesson.package_activity_id for lesson in lessons] == [
        cmi5_course.activity_id("au", index) for index in range(3)
    ]


def test_the_import_can_publish_into_the_english_catalogue(tmp_path):
    course = import_zip(tmp_path, COURSE_XML, "--language", "en", "--publish")
    assert course.locale.language_code == "en" and course.live
    assert all(lesson.live for lesson in lessons_of(course))


def test_a_refused_course_stores_nothing_and_says_why(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="zip"):
        call_command("import_cmi5", str(bad))
    with pytest.raises(CommandError, match=".zip or .xml"):
        call_command("import_cmi5", str(tmp_path / "course.pdf"))
    assert not Cmi5Course.objects.exists()
    assert not CoursePage.objects.filter(title="信息安全").exists()


def test_an_au_meeting_its_move_on_completes_its_lesson_only(client, learner, course):
    first, second, _third = lessons_of(course)
    services.start_course(user=learner, course=course)
    client.force_login(learner)
    page = client.get(first.url).content.decode()
    assert f"/learning/lesson/{first.pk}/launch/" in page and "phishing" in page
    launch = open_lesson(client, learner, first)
    data = Document.objects.get(document_id="LMS.LaunchData")
    assert (
        json.loads(bytes(data.content))["returnURL"] == f"http://testserver{first.url}"
    )
    send(launch, learner, "initialized")
    assert not done(learner, first)
    send(launch, learner, "completed")
    assert done(learner, first) and not done(learner, second)
    (completed,) = completions(first)
    assert completed["context"]["registration"] == launch.registration
    assert Enrolment.objects.get(user=learner).status == "in_progress"


def test_a_passed_move_on_needs_the_pass(client, learner, course):
    _first, second, _third = lessons_of(course)
    services.start_course(user=learner, course=course)
    launch = open_lesson(client, learner, second)
    send(launch, learner, "initialized")
    send(launch, learner, "completed")
    assert not done(learner, second)
    send(launch, learner, "passed", result=PASS)
    assert done(learner, second)


def test_every_lesson_satisfied_completes_the_course_by_its_own_rule(
    client, learner, course
):
    first, second, third = lessons_of(course)
    services.start_course(user=learner, course=course)
    open_lesson(client, learner, third)
    assert done(learner, third)
    open_lesson(client, learner, third)  # opening it again states nothing more
    assert len(completions(third)) == 1
    for lesson, verb in ((first, "completed"), (second, "passed")):
        launch = open_lesson(client, learner, lesson)
        send(launch, learner, "initialized")
        send(launch, learner, verb, **({"result": PASS} if verb == "passed" else {}))
    assert Enrolment.objects.get(user=learner).status == "completed"
    registrations = Cmi5Registration.objects.all()
    assert registrations.count() == 1 and registrations.get().course_satisfied


def test_a_learner_who_has_not_started_the_course_cannot_launch(
    client, learner, course
):
    first = lessons_of(course)[0]
    client.force_login(learner)
    response = client.post(f"/learning/lesson/{first.pk}/launch/")
    assert response.status_code == 302 and response["Location"] == course.url
    assert not Cmi5Session.objects.exists()


def test_an_au_satisfied_outside_the_lesson_completes_no_lesson(
    client, learner, course, cmi5_api
):
    """Attack: the administrators' API launches the AU for the learner's own agent."""
    first = lessons_of(course)[0]
    services.start_course(user=learner, course=course)
    cmi5_course = Cmi5Course.objects.get()
    launch = cmi5_api.launch(str(cmi5_course.uuid), 0, actor=agent_for(learner))
    launch.auth = "Basic " + launch.fetch().json()["auth-token"]
    agent = json.dumps(agent_for(learner))
    launch.xapi(
        "GET", "agents/profile", profileId="cmi5LearnerPreferences", agent=agent
    )
    send(launch, learner, "initialized")
    send(launch, learner, "completed")
    assert Cmi5Registration.objects.get().au_states.get(au_index=0).satisfied
    assert not done(learner, first)


def test_a_waiver_completes_no_lesson(client, learner, course, cmi5_api):
    first, second, _third = lessons_of(course)
    services.start_course(user=learner, course=course)
    launch = open_lesson(client, learner, first)
    response = cmi5_api.post(
        f"registrations/{launch.registration}/aus/1/waive/",
        json.dumps({"reason": "Tested out"}),
    )
    assert response.status_code == 200, response.content
    assert not done(learner, second)


def test_the_api_answers_an_unknown_course_in_json(cmi5_api):
    for path in (
        "courses/00000000-0000-0000-0000-000000000000/aus/0/launch-url/",
        "courses/00000000-0000-0000-0000-000000000000/delete/",
        "registrations/00000000-0000-0000-0000-000000000000/aus/0/waive/",
        "sessions/00000000-0000-0000-0000-000000000000/abandon/",
    ):
        response = cmi5_api.post(path, b"{not json")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"].startswith("没有这个cmi5")


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("zh-hans", "需要有效的 cmi5 API 密钥。"),
        ("en", "A valid cmi5 API key is required."),
    ],
)
def test_the_api_speaks_the_site_s_language_or_the_chosen_one(
    cmi5_api, settings, language, error
):
    cmi5_api.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = cmi5_api.client.post(
        "/content/cmi5/courses/",
        b"",
        content_type="application/zip",
        HTTP_AUTHORIZATION="Bearer wrong",
    )
    assert response.status_code == 401
    assert response.json()["error"] == error


def test_the_block_refuses_a_course_that_does_not_exist(course):
    block = Cmi5AuBlock()
    value = block.to_python(
        {"course": "00000000-0000-0000-0000-000000000000", "au_index": 0}
    )
    with pytest.raises(ValidationError):
        block.clean(value)
    cmi5_course = Cmi5Course.objects.get()
    value = block.to_python({"course": str(cmi5_course.uuid), "au_index": 3})
    with pytest.raises(ValidationError):
        block.clean(value)
    value = block.to_python({"course": str(cmi5_course.uuid), "au_index": 2})
    assert block.clean(value)["au_index"] == 2


def test_the_au_s_credential_cannot_complete_the_lesson_itself(client, learner, course):
    """Attack: the AU's launch credential states ``completed`` about the lesson's own IRI."""
    first, second, _third = lessons_of(course)
    services.start_course(user=learner, course=course)
    launch = open_lesson(client, learner, first)
    send(launch, learner, "initialized")
    for lesson in (first, second):
        forged = launch.statement("completed")
        forged["actor"] = agent_for(learner)
        forged["object"] = {"id": lesson.activity_id}
        response = launch.xapi("POST", "statements", [forged])
        assert response.status_code in (400, 403), response.content
        assert not done(learner, lesson)
    assert completions(first) == [] and completions(second) == []
