"""The read-only headless API: published courses and lessons only, by language."""

from decimal import Decimal

import pytest

from tests.factories.courses import add_lesson, make_course, translate

pytestmark = pytest.mark.django_db


def items(client, **params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200
    return response.json()["items"]


def test_api_exposes_published_courses_with_their_fields(client):
    course = make_course("政务新媒体运营", lessons=1, estimated_minutes=90)
    found = items(client, type="courses.CoursePage", fields="*")
    assert [item["title"] for item in found] == ["政务新媒体运营"]
    item = found[0]
    assert Decimal(str(item["effective_credit_hours"])) == Decimal("2")
    assert item["activity_id"] == course.activity_id
    assert item["meta"]["locale"] == "zh-hans"
    lesson = items(client, type="courses.LessonPage", fields="body,activity_id")[0]
    assert lesson["body"][0]["type"] == "rich_text"


def test_api_never_shows_drafts_or_unpublished_changes(client):
    course = make_course("已发布的课程", lessons=1)
    add_lesson(course, "草稿课节", live=False)
    hidden = make_course("已撤下的课程", lessons=0)
    hidden.unpublish()
    course.title = "尚未审核的新标题"
    course.save_revision()  # a draft revision, not published

    titles = {item["title"] for item in items(client, limit=100)}
    assert "已发布的课程" in titles
    assert "尚未审核的新标题" not in titles
    assert "草稿课节" not in titles
    assert "已撤下的课程" not in titles
    detail = client.get(f"/api/v2/pages/{hidden.pk}/")
    assert detail.status_code == 404


def test_api_filters_by_locale(client):
    course = make_course("信息安全")
    translate(course, title="Information security")
    english = items(client, type="courses.CoursePage", locale="en")
    assert [item["title"] for item in english] == ["Information security"]
