"""Expired attempts: graded by the beat task or the next POST, never by a GET."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from assessments import services, tasks
from assessments.models import Attempt
from courses import services as courses
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory
from xapi import vocabulary as v
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="T1001").user


@pytest.fixture
def expired(learner):
    course = make_course("限时考试课程", lessons=1)
    courses.start_course(user=learner, course=course)
    exam = make_exam(
        course, make_bank(course=course, questions=2), draw=2, time_limit_minutes=5
    )
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=attempt, answers={1: "a"})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    return attempt


def result_statements() -> int:
    return Statement.objects.filter(verb_id__in=[v.PASSED, v.FAILED]).count()


def test_the_beat_task_grades_expired_attempts_once(expired):
    assert tasks.grade_expired_attempts() == 1
    expired.refresh_from_db()
    assert expired.is_graded and expired.submitted_at <= expired.deadline
    assert result_statements() == 1
    assert tasks.grade_expired_attempts() == 0
    assert result_statements() == 1


def test_the_task_runs_every_minute_on_celerys_beat_schedule():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "assessments.tasks.grade_expired_attempts"
    ]
    assert [entry["schedule"] for entry in entries] == [60.0]
    assert tasks.grade_expired_attempts.name == entries[0]["task"]


def test_a_get_of_an_expired_attempt_writes_nothing(client, learner, expired):
    client.force_login(learner)
    before = Statement.objects.count()
    page = client.get(f"/learning/assessments/attempts/{expired.pk}/")
    assert page.status_code == 200
    assert page.context["time_up"] is True
    assert b" disabled" in page.content
    result = client.get(f"/learning/assessments/attempts/{expired.pk}/result/")
    assert result.status_code == 302
    assert result["Location"].endswith(f"/attempts/{expired.pk}/")
    client.get(f"/learning/assessments/{expired.assessment_id}/")
    expired.refresh_from_db()
    assert expired.status == Attempt.Status.IN_PROGRESS
    assert Statement.objects.count() == before


def test_the_next_post_grades_an_expired_attempt(client, learner, expired):
    client.force_login(learner)
    response = client.post(
        f"/learning/assessments/attempts/{expired.pk}/", {"q2": "a", "save": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/attempts/{expired.pk}/result/")
    expired.refresh_from_db()
    assert expired.is_graded
    # Only what was saved in time counts: the late answer to question 2 is not kept.
    assert expired.items.get(position=2).response is None
    assert result_statements() == 1
