"""Saving a new lesson while its autosave is in flight never fails nor loses text."""

import re
import threading

import pytest
from django.db import connection

from courses.models import LessonPage
from people.roles import TRAINER
from tests.courses.test_course_review import lesson_form, user_in
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db

TOKEN = "5b0a4c1e-8d43-4a7e-9a52-0c7f2d8c1a11"


@pytest.fixture
def trainer():
    return user_in(TRAINER, "trainer1")


def a_course(client, trainer):
    client.force_login(trainer)
    return make_course("政务数据共享实务", lessons=0)


def create_url(course):
    return f"/admin/pages/add/courses/lessonpage/{course.pk}/"


def body_text(lesson):
    return lesson.get_latest_revision_as_object().body[0].value.source


def test_the_create_form_carries_a_token(client, trainer):
    course = a_course(client, trainer)
    html = client.get(create_url(course)).content.decode()
    assert re.search(r'name="creation_token" value="[0-9a-f-]{36}"', html)


def test_without_a_token_the_second_create_is_a_form_error_with_the_text_kept(
    client, trainer
):
    # What Wagtail does on its own (reproduced): the autosave created the
    # lesson, the "Save draft" posted the create form again.
    course = a_course(client, trainer)
    autosave = client.post(
        create_url(course),
        lesson_form("第1课", "lesson-1", "自动保存的正文"),
        HTTP_ACCEPT="application/json",
    )
    assert autosave.json()["success"]
    saved = client.post(create_url(course), lesson_form("第1课", "lesson-1", "后来"))
    assert saved.status_code == 200
    assert saved.context["form"].errors["slug"]
    assert LessonPage.objects.count() == 1


def test_a_save_after_the_autosave_created_the_lesson_edits_it(client, trainer):
    course = a_course(client, trainer)
    extra = {"creation_token": TOKEN}
    autosave = client.post(
        create_url(course),
        lesson_form("第1课", "lesson-1", "自动保存的正文", **extra),
        HTTP_ACCEPT="application/json",
    )
    assert autosave.json()["success"]
    saved = client.post(
        create_url(course), lesson_form("第1课", "lesson-1", "最后输入的正文", **extra)
    )
    assert saved.status_code == 302
    lesson = LessonPage.objects.get()
    assert saved["Location"].startswith(f"/admin/pages/{lesson.pk}/edit/")
    assert "最后输入的正文" in body_text(lesson)
    assert lesson.revisions.count() == 2  # the autosave's, then the save's


@pytest.mark.django_db(transaction=True)
def test_two_creates_at_once_make_one_lesson(reference_data, client, trainer):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL's row locks")
    course = a_course(client, trainer)
    extra = {"creation_token": TOKEN}
    answers = []

    def post(text):
        try:
            response = client.post(
                create_url(course), lesson_form("第1课", "lesson-1", text, **extra)
            )
            answers.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(f"正文{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302, 302]  # one created it, the other edited it
    lesson = LessonPage.objects.get()
    assert "正文1" in body_text(lesson) or "正文2" in body_text(lesson)
    assert lesson.revisions.count() == 2
