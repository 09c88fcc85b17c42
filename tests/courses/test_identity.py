"""A learner is their employee ID (工号) in every statement, whatever their username."""

import json

import pytest

from courses import services
from courses.models import Enrolment, LessonProgress
from people.agents import account_name_for, agent_for, user_ids_for
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory, UserFactory
from tests.xapi.conftest import LRS, basic
from xapi import vocabulary as v
from xapi.auth import create_client
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    # As the demo learner: signs in as "learner", is D0001 on the roster.
    user = UserFactory(username="learner")
    StaffMemberFactory(user=user, employee_id="D0001", name="王小明")
    return user


def test_the_platforms_statements_name_the_employee_id_not_the_username(learner):
    course = make_course(lessons=1)
    services.start_course(user=learner, course=course)
    services.complete_lesson(user=learner, lesson=course.lessons().first())

    names = {row.data["actor"]["account"]["name"] for row in Statement.objects.all()}
    assert names == {"D0001"}


def test_a_statement_sent_from_outside_for_the_employee_id_moves_progress(
    learner, client
):
    course = make_course(lessons=2)
    lesson = course.lessons().first()
    credentials = create_client(name="national platform", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))

    response = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("D0001"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": lesson.activity_id},
            }
        ),
    )

    assert response.status_code == 200, response.content
    assert LessonProgress.objects.lesson_keys(user=learner) == {lesson.translation_key}


def test_a_statement_naming_the_username_is_stored_and_changes_nothing(learner, client):
    course = make_course(lessons=1)
    credentials = create_client(name="client", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    response = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("learner"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": course.lessons().first().activity_id},
            }
        ),
    )
    assert response.status_code == 200
    assert Statement.objects.count() == 1
    assert not LessonProgress.objects.exists()
    assert not Enrolment.objects.exists()


def test_an_account_without_a_staff_record_has_the_documented_fallback():
    admin = UserFactory(username="admin")
    assert account_name_for(admin) == "user:admin"
    assert agent_for(admin)["account"]["name"] == "user:admin"
    assert user_ids_for(["user:admin", "admin", "D9999"]) == {"user:admin": admin.pk}


def test_the_fallback_never_names_a_staff_members_account(learner):
    # "user:learner" must not reach the staff member whose username it is.
    assert user_ids_for(["user:learner", "D0001"]) == {"D0001": learner.pk}


def test_an_inactive_learner_is_not_resolved(learner):
    learner.is_active = False
    learner.save()
    assert user_ids_for(["D0001"]) == {}
