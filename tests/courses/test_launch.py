"""Launching a lesson's xAPI package: credentials, launch URLs, cmi5 fetch, progress."""

import base64
import io
import json
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses import services
from courses.models import LessonProgress
from packages.models import Package
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory
from xapi import vocabulary as v
from xapi.models import Document, Statement

pytestmark = pytest.mark.django_db

TINCAN = """<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="http://example.com/packages/phishing" type="http://adlnet.gov/expapi/activities/course">
    <name>识别网络钓鱼</name><launch lang="zh-CN">index.html</launch>
  </activity>
</activities></tincan>"""

CMI5 = """<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="http://example.com/cmi5/course"><title><langstring lang="zh-CN">课程</langstring></title>
    <description><langstring lang="zh-CN">说明</langstring></description></course>
  <au id="http://example.com/cmi5/au1" moveOn="Completed">
    <title><langstring lang="zh-CN">第一单元</langstring></title>
    <description><langstring lang="zh-CN">说明</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>"""


def package(manifest_name: str, manifest: str) -> Package:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(manifest_name, manifest)
        archive.writestr("index.html", "<!doctype html><title>课件</title>")
    item = Package(
        title="网络钓鱼课件",
        file=SimpleUploadedFile("package.zip", buffer.getvalue()),
    )
    item.save()
    return item


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="P3001").user


def lesson_with(item: Package):
    body = [("package", {"package": item, "button_label": ""})]
    course = make_course("网络安全课件课程", lessons=1, body=body)
    return course, course.lessons().first()


def test_a_package_lesson_knows_its_package_activity(learner):
    item = package("tincan.xml", TINCAN)
    _course, lesson = lesson_with(item)
    assert lesson.package_activity_id == "http://example.com/packages/phishing"


def test_tincan_launch_gives_a_limited_credential_that_completes_the_lesson(
    client, learner
):
    item = package("tincan.xml", TINCAN)
    course, lesson = lesson_with(item)
    client.force_login(learner)
    services.start_course(user=learner, course=course)
    assert (
        f"/learning/lesson/{lesson.pk}/launch/"
        in client.get(lesson.url).content.decode()
    )

    response = client.post(f"/learning/lesson/{lesson.pk}/launch/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path.startswith("/content/packages/") and url.path.endswith(
        "/index.html"
    )
    params = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert params["endpoint"].endswith("/xapi/")
    assert params["activity_id"] == "http://example.com/packages/phishing"
    assert json.loads(params["actor"]) == v.learner("P3001")
    assert Statement.objects.filter(verb_id=v.LAUNCHED).count() == 1

    # The launched file is served without the site's cookies.
    client.logout()
    assert client.get(url.path).status_code == 200

    headers = {
        "HTTP_AUTHORIZATION": params["auth"],
        "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3",
    }
    someone_else = {
        "actor": v.learner("P9999"),
        "verb": {"id": v.COMPLETED},
        "object": {"id": "http://example.com/packages/phishing"},
    }
    response = client.post(
        "/xapi/statements", json.dumps(someone_else), "application/json", **headers
    )
    assert response.status_code == 403
    own = dict(someone_else, actor=v.learner("P3001"))
    response = client.post(
        "/xapi/statements", json.dumps(own), "application/json", **headers
    )
    assert response.status_code == 200, response.content
    assert LessonProgress.objects.filter(
        user=learner, lesson_key=lesson.translation_key
    ).exists()


def test_launch_needs_a_started_course(client, learner):
    item = package("tincan.xml", TINCAN)
    course, lesson = lesson_with(item)
    client.force_login(learner)
    response = client.post(f"/learning/lesson/{lesson.pk}/launch/")
    assert response["Location"] == course.url
    assert not Statement.objects.exists()


def test_cmi5_launch_writes_launch_data_and_hands_the_token_out_once(client, learner):
    item = package("cmi5.xml", CMI5)
    assert item.kind == "cmi5"
    course, lesson = lesson_with(item)
    client.force_login(learner)
    services.start_course(user=learner, course=course)

    response = client.post(f"/learning/lesson/{lesson.pk}/launch/")
    params = {
        key: values[0]
        for key, values in parse_qs(urlsplit(response["Location"]).query).items()
    }
    assert params["activityId"] == "http://example.com/cmi5/au1"
    launch_data = Document.objects.get(document_id="LMS.LaunchData")
    data = json.loads(bytes(launch_data.content))
    assert data["launchMode"] == "Normal" and data["moveOn"] == "Completed"
    assert launch_data.registration is not None

    fetch = urlsplit(params["fetch"]).path
    client.logout()
    first = client.post(fetch)
    assert first.status_code == 200
    token = first.json()["auth-token"]
    key, _secret = base64.b64decode(token).decode().split(":", 1)
    assert key
    again = client.post(fetch)
    assert again.status_code == 200
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again.json()["error-code"] == "1"
