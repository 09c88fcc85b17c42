"""Launching a SCORM lesson: the player's URL, its credential, and what it may complete."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile

from courses import services
from courses.models import Enrolment, LessonProgress
from packages.models import Package
from tests.factories.courses import add_lesson, make_course
from tests.factories.people import StaffMemberFactory
from tests.packages.zips import INDEX_HTML, make_zip, sco_resource, scorm_xml
from xapi import vocabulary as v
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_BASE_URL = "http://127.0.0.1:8000"
    settings.CONTENT_PACKAGE_ORIGIN = ""


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="P3101").user


@pytest.fixture
def scorm():
    items = '<item identifier="one" identifierref="r1"><title>第一课</title></item>'
    xml = scorm_xml(items, sco_resource("r1", "one.html"))
    zipped = make_zip({"imsmanifest.xml": xml, "one.html": INDEX_HTML})
    package = Package(
        title="保密课件", file=ContentFile(zipped.getvalue(), name="s.zip")
    )
    package.save()
    return package


def _launch(client, learner, package):
    course = make_course("保密基础", lessons=0)
    lesson = add_lesson(
        course, "课件课", body=[("package", {"package": package, "button_label": ""})]
    )
    add_lesson(course, "第二课")
    services.start_course(user=learner, course=course)
    client.force_login(learner)
    response = client.post(f"/learning/lesson/{lesson.pk}/launch/")
    assert response.status_code == 302
    return course, lesson, urlsplit(response["Location"])


def _post(client, params, statement):
    return client.post(
        "/xapi/statements",
        json.dumps(statement),
        "application/json",
        HTTP_AUTHORIZATION=params["auth"],
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )


def test_a_scorm_launch_opens_the_player_on_the_package_origin(client, learner, scorm):
    _course, lesson, url = _launch(client, learner, scorm)
    assert url.netloc == "localhost:8000"
    assert url.path.startswith("/content/scorm/")
    params = {key: values[0] for key, values in parse_qs(url.fragment).items()}
    assert params["endpoint"] == "http://127.0.0.1:8000/xapi/"
    assert json.loads(params["actor"]) == v.learner("P3101")
    assert params["registration"] and params["auth"].startswith("Basic ")
    assert Statement.objects.filter(verb_id=v.LAUNCHED).count() == 1
    assert lesson.package_activity_id == scorm.activity_id


def test_a_scos_completion_alone_does_not_complete_the_lesson(client, learner, scorm):
    _course, lesson, url = _launch(client, learner, scorm)
    params = {key: values[0] for key, values in parse_qs(url.fragment).items()}
    sco = {
        "actor": v.learner("P3101"),
        "verb": {"id": v.COMPLETED},
        "object": {"id": scorm.scos[0]["activity_id"]},
    }
    assert _post(client, params, sco).status_code == 200
    assert not LessonProgress.objects.filter(lesson_key=lesson.translation_key).exists()


def test_the_package_completes_its_lesson_never_the_course(client, learner, scorm):
    course, lesson, url = _launch(client, learner, scorm)
    params = {key: values[0] for key, values in parse_qs(url.fragment).items()}
    package_done = {
        "actor": v.learner("P3101"),
        "verb": {"id": v.COMPLETED},
        "object": {"id": scorm.activity_id},
    }
    assert _post(client, params, package_done).status_code == 200
    assert LessonProgress.objects.filter(lesson_key=lesson.translation_key).exists()
    # The credential writes about its package only, not about the course.
    course_done = dict(package_done, object={"id": course.activity_id})
    assert _post(client, params, course_done).status_code == 403
    enrolment = Enrolment.objects.get(user=learner, course_key=course.translation_key)
    assert not enrolment.is_completed
