"""Statements recorded under usernames are re-keyed to employee IDs, once."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command

from courses.models import LessonProgress
from people.agents import agent_for
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory, UserFactory
from xapi import vocabulary as v
from xapi.models import Statement, StatementAgent
from xapi.services import platform_authority, record

pytestmark = pytest.mark.django_db


def old_style(name, object_id, authority):
    record(
        {
            "id": str(uuid.uuid4()),
            "actor": v.learner(name),
            "verb": {"id": v.EXPERIENCED},
            "object": {"id": object_id},
        },
        authority=authority,
        version="1.0.3",
    )


def test_the_platforms_old_statements_move_to_the_employee_id_and_no_others():
    user = UserFactory(username="learner")
    StaffMemberFactory(user=user, employee_id="D0001")
    admin = UserFactory(username="admin")
    foreign = {"objectType": "Agent", "mbox": "mailto:national@example.gov.cn"}
    old_style("learner", "http://example.com/a", platform_authority())
    old_style("admin", "http://example.com/b", platform_authority())
    old_style("learner", "http://example.com/c", foreign)

    call_command("rekey_learner_accounts", stdout=StringIO())

    by_object = {
        row.data["object"]["id"]: row.data["actor"]["account"]["name"]
        for row in Statement.objects.all()
    }
    assert by_object == {
        "http://example.com/a": "D0001",
        "http://example.com/b": "user:admin",
        # Sent by another system: kept as it was sent.
        "http://example.com/c": "learner",
    }
    ours = agent_for(user)["account"]
    expected_ifi = f"account:{ours['homePage']}|D0001"
    assert StatementAgent.objects.filter(ifi=expected_ifi).count() == 1
    assert agent_for(admin)["account"]["name"] == "user:admin"

    call_command("rekey_learner_accounts", stdout=StringIO())
    assert Statement.objects.filter(data__actor__account__name="D0001").count() == 1


def test_rekeyed_history_still_moves_progress_the_same_way():
    user = UserFactory(username="learner")
    StaffMemberFactory(user=user, employee_id="D0001")
    course = make_course(lessons=1)
    lesson = course.lessons().first()
    record(
        {
            "actor": v.learner("D0001"),
            "verb": {"id": v.COMPLETED},
            "object": {"id": lesson.activity_id},
        },
        authority=platform_authority(),
        version="1.0.3",
    )
    call_command("rekey_learner_accounts", stdout=StringIO())
    assert LessonProgress.objects.filter(user=user).count() == 1
