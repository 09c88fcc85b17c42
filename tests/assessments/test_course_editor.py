"""The course editor lists its quizzes and final exam; a course has one final exam."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Assessment, AssessmentKind
from people.roles import TRAINER
from tests.factories.assessments import make_bank, make_exam, make_quiz, single
from tests.factories.courses import make_course
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_assessments_assessment:add"


@pytest.fixture
def trainer(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=TRAINER))
    client.force_login(user)
    return user


def exam_form(course, title="第二场结业考试"):
    return {
        "kind": "exam",
        "title": title,
        "title_en": "Second exam",
        "course": str(course.pk),
        "lesson": "",
        "pass_mark": "60",
        "wait_minutes": "0",
        "feedback": "after_each",
        "score_policy": "best",
        "fixed_questions-TOTAL_FORMS": "0",
        "fixed_questions-INITIAL_FORMS": "0",
        "fixed_questions-MIN_NUM_FORMS": "0",
        "fixed_questions-MAX_NUM_FORMS": "1000",
        "draw_rules-TOTAL_FORMS": "0",
        "draw_rules-INITIAL_FORMS": "0",
        "draw_rules-MIN_NUM_FORMS": "0",
        "draw_rules-MAX_NUM_FORMS": "1000",
    }


def test_the_course_editor_links_to_adding_the_exam_and_quizzes(client, trainer):
    course = make_course("数据安全", lessons=2)
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert f"{reverse(ADD)}?kind=exam&amp;course={course.pk}" in html
    first = course.lessons().first()
    assert f"{reverse(ADD)}?kind=quiz&amp;lesson={first.pk}" in html


def test_the_add_view_starts_with_the_course_it_was_linked_from(client, trainer):
    course = make_course("数据安全", lessons=1)
    response = client.get(f"{reverse(ADD)}?kind=exam&course={course.pk}")
    form = response.context["form"]
    assert form["kind"].value() == "exam"
    assert str(form["course"].value()) == str(course.pk)
    assert course.title in response.content.decode()  # the chooser shows it


def test_the_course_editor_links_to_the_existing_exam_and_quiz(client, trainer):
    course = make_course("数据安全", lessons=1)
    bank = make_bank(course=course, questions=2)
    exam = make_exam(course, bank, draw=2, title="数据安全结业考试")
    quiz = make_quiz(course.lessons().first(), [single(bank, "quiz-1")])
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    edit = "wagtailsnippets_assessments_assessment:edit"
    assert reverse(edit, args=[exam.pk]) in html
    assert reverse(edit, args=[quiz.pk]) in html
    assert "数据安全结业考试" in html
    assert f"{reverse(ADD)}?kind=exam" not in html


def test_a_second_final_exam_is_a_form_error_not_a_server_error(client, trainer):
    course = make_course("数据安全", lessons=1)
    make_exam(course, make_bank(course=course, questions=2), draw=2)
    response = client.post(reverse(ADD), exam_form(course))
    assert response.status_code == 200
    assert Assessment.objects.filter(kind=AssessmentKind.EXAM).count() == 1
    assert response.context["form"].errors


def test_the_database_refuses_a_second_final_exam():
    course = make_course("数据安全", lessons=1)
    make_exam(course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            kind=AssessmentKind.EXAM, title="又一场", course=course
        )
