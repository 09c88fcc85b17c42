"""Progress through the statement pipe: lessons, completion, study hours, prerequisites."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses import services
from courses.exceptions import CourseNotStarted, PrerequisitesNotMet
from courses.models import (
    CoursePrerequisite,
    Enrolment,
    LessonProgress,
)
from ledger.models import StudyHourEntry
from tests.factories.courses import make_course, translate
from tests.factories.people import StaffMemberFactory
from tests.xapi.conftest import LRS, basic
from xapi import vocabulary as v
from xapi.auth import create_client
from xapi.models import Statement
from xapi.services import platform_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="D1001", name="王小明").user


def verbs_about(activity_id):
    return list(
        Statement.objects.filter(data__object__id=activity_id)
        .order_by("stored")
        .values_list("verb_id", flat=True)
    )


def test_starting_enrols_records_the_start_and_returns_the_first_lesson(learner):
    course = make_course(kind="elective")
    first = course.lessons().first()

    resume = services.start_course(user=learner, course=course)

    assert resume == first
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    assert enrolment.started_at is not None
    assert verbs_about(course.activity_id) == [v.REGISTERED, v.INITIALIZED]
    # Starting again changes nothing and records nothing more.
    services.start_course(user=learner, course=course)
    assert verbs_about(course.activity_id) == [v.REGISTERED, v.INITIALIZED]


def test_completing_a_lesson_goes_through_the_lrs_and_moves_progress(learner):
    course = make_course(lessons=2)
    first, second = course.lessons()
    services.start_course(user=learner, course=course)

    services.complete_lesson(user=learner, lesson=first)

    statement = Statement.objects.get(verb_id=v.COMPLETED)
    assert statement.data["actor"]["account"]["name"] == "D1001"
    assert statement.data["object"]["id"] == first.activity_id
    assert statement.data["context"]["contextActivities"]["parent"][0]["id"] == (
        course.activity_id
    )
    progress = LessonProgress.objects.get(user=learner)
    assert progress.lesson_key == first.translation_key
    assert str(progress.statement_id) == str(statement.id)
    assert course.resume_lesson(learner) == second
    assert Enrolment.objects.get(user=learner).status == Enrolment.Status.IN_PROGRESS


def test_a_lesson_cannot_be_completed_before_the_course_is_started(learner):
    course = make_course(lessons=1)
    with pytest.raises(CourseNotStarted):
        services.complete_lesson(user=learner, lesson=course.lessons().first())
    assert not Statement.objects.exists()
    assert not LessonProgress.objects.exists()


def test_last_lesson_completes_the_course_once_and_credits_its_hours(learner):
    course = make_course(lessons=2, credit_hours=Decimal("2.5"))
    services.start_course(user=learner, course=course)
    for lesson in course.lessons():
        services.complete_lesson(user=learner, lesson=lesson)
    # Completing a lesson again neither completes nor credits twice.
    services.complete_lesson(user=learner, lesson=course.lessons().first())

    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_at is not None
    entry = StudyHourEntry.objects.get(user=learner)
    assert entry.hours == Decimal("2.5")
    assert entry.year == timezone.localdate(enrolment.completed_at).year
    assert entry.title == course.title
    assert verbs_about(course.activity_id).count(v.COMPLETED) == 1


def test_hours_are_derived_from_the_duration_when_the_author_leaves_them_empty(learner):
    course = make_course(lessons=1, credit_hours=None, estimated_minutes=100)
    assert course.effective_credit_hours == Decimal("2.0")
    services.start_course(user=learner, course=course)
    services.complete_lesson(user=learner, lesson=course.lessons().first())
    assert StudyHourEntry.objects.get(user=learner).hours == Decimal("2.0")


def test_an_external_statement_completes_a_lesson_exactly_as_the_button_does(
    learner, client
):
    course = make_course(lessons=1, credit_hours=Decimal("1"))
    lesson = course.lessons().first()
    credentials = create_client(name="national platform", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))

    response = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("D1001"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": lesson.activity_id},
            }
        ),
    )

    assert response.status_code == 200, response.content
    assert LessonProgress.objects.filter(
        user=learner, lesson_key=lesson.translation_key
    ).exists()
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert StudyHourEntry.objects.get(user=learner).hours == Decimal("1")


def test_statements_the_lms_does_not_know_store_and_change_nothing(learner, client):
    course = make_course(lessons=1)
    lesson = course.lessons().first()
    credentials = create_client(name="elsewhere", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    statements = [
        # Someone who is not our learner (an e-mail, not our account).
        {
            "actor": {"mbox": "mailto:d1001@example.com"},
            "verb": {"id": v.COMPLETED},
            "object": {"id": lesson.activity_id},
        },
        # Our learner, an unknown activity.
        {
            "actor": v.learner("D1001"),
            "verb": {"id": v.COMPLETED},
            "object": {"id": "http://example.com/some/other/course"},
        },
        # Our learner and lesson, but a verb that does not finish anything.
        {
            "actor": v.learner("D1001"),
            "verb": {"id": v.EXPERIENCED},
            "object": {"id": lesson.activity_id},
        },
        # Passed with a result that says it failed.
        {
            "actor": v.learner("D1001"),
            "verb": {"id": v.PASSED},
            "object": {"id": lesson.activity_id},
            "result": {"success": False},
        },
    ]
    response = lrs.post("/xapi/statements", json.dumps(statements))
    assert response.status_code == 200, response.content
    assert Statement.objects.count() == 4
    assert not LessonProgress.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_package_reporting_passed_completes_its_lesson(learner):
    from xapi.services import record

    course = make_course(lessons=1)
    lesson = course.lessons().first()
    type(lesson).objects.filter(pk=lesson.pk).update(
        package_activity_id="http://example.com/packages/phishing"
    )
    record(
        {
            "actor": v.learner("D1001"),
            "verb": {"id": v.PASSED},
            "object": {"id": "http://example.com/packages/phishing"},
            "result": {"success": True, "score": {"scaled": 0.9}},
        },
        authority=platform_authority(),
        version="1.0.3",
    )
    assert LessonProgress.objects.filter(
        user=learner, lesson_key=lesson.translation_key
    ).exists()


def test_a_rejected_statement_batch_leaves_progress_untouched(learner, client):
    course = make_course(lessons=1)
    lesson = course.lessons().first()
    credentials = create_client(name="client", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    good = {
        "actor": v.learner("D1001"),
        "verb": {"id": v.COMPLETED},
        "object": {"id": lesson.activity_id},
    }
    bad = {"actor": v.learner("D1001"), "verb": {"id": "not an iri"}, "object": {}}
    response = lrs.post("/xapi/statements", json.dumps([good, bad]))
    assert response.status_code == 400
    assert not LessonProgress.objects.exists()


def test_prerequisites_not_met_stop_the_course_from_starting(learner):
    basics = make_course("网络安全基础", lessons=1)
    advanced = make_course("数据安全进阶", lessons=1)
    CoursePrerequisite.objects.create(course=advanced, prerequisite=basics)

    with pytest.raises(PrerequisitesNotMet) as error:
        services.start_course(user=learner, course=advanced)
    assert error.value.missing == [basics]
    assert "网络安全基础" in str(error.value)
    assert not Enrolment.objects.filter(course_key=advanced.translation_key).exists()

    services.start_course(user=learner, course=basics)
    services.complete_lesson(user=learner, lesson=basics.lessons().first())
    assert services.start_course(user=learner, course=advanced) is not None


def test_a_course_and_its_translation_share_activity_ids_and_progress(learner):
    course = make_course(lessons=1)
    lesson = course.lessons().first()
    english = translate(course, title="Introduction to online government services")
    english_lesson = translate(lesson, title="Lesson 1")

    assert english.activity_id == course.activity_id
    assert english_lesson.activity_id == lesson.activity_id
    assert english_lesson.course_key == course.translation_key

    services.start_course(user=learner, course=english)
    services.complete_lesson(user=learner, lesson=english_lesson)

    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert LessonProgress.objects.lesson_keys(
        user=learner, course_key=course.translation_key
    ) == {lesson.translation_key}


def test_completion_uses_the_statement_time_but_never_a_future_one(learner):
    from xapi.services import record

    course = make_course(lessons=1, credit_hours=Decimal("1"))
    lesson = course.lessons().first()
    last_year = timezone.now() - timedelta(days=400)
    record(
        {
            "actor": v.learner("D1001"),
            "verb": {"id": v.COMPLETED},
            "object": {"id": lesson.activity_id},
            "timestamp": last_year.isoformat(),
        },
        authority=platform_authority(),
        version="1.0.3",
    )
    entry = StudyHourEntry.objects.get(user=learner)
    assert entry.year == timezone.localdate(last_year).year

    other = make_course("另一门课", lessons=1)
    record(
        {
            "actor": v.learner("D1001"),
            "verb": {"id": v.COMPLETED},
            "object": {"id": other.lessons().first().activity_id},
            "timestamp": (timezone.now() + timedelta(days=400)).isoformat(),
        },
        authority=platform_authority(),
        version="1.0.3",
    )
    completed = Enrolment.objects.get(course_key=other.translation_key).completed_at
    assert completed <= timezone.now()


def test_a_draft_lesson_does_not_count_towards_completion(learner):
    from tests.factories.courses import add_lesson

    course = make_course(lessons=1)
    add_lesson(course, "尚未发布的一课", live=False)
    services.start_course(user=learner, course=course)
    services.complete_lesson(user=learner, lesson=course.lessons().first())
    assert Enrolment.objects.get(user=learner).is_completed


def test_voiding_a_completion_undoes_the_lesson_and_the_course_it_completed(
    learner, client
):
    course = make_course(lessons=1, credit_hours=Decimal("2"))
    lesson = course.lessons().first()
    credentials = create_client(name="corrections", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    response = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("D1001"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": lesson.activity_id},
            }
        ),
    )
    completion_id = response.json()[0]
    assert Enrolment.objects.get(user=learner).is_completed
    assert StudyHourEntry.objects.filter(user=learner).exists()

    response = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": {"mbox": "mailto:registrar@example.com"},
                "verb": {"id": v.VOIDED},
                "object": {"objectType": "StatementRef", "id": completion_id},
            }
        ),
    )
    assert response.status_code == 200, response.content
    assert not LessonProgress.objects.filter(user=learner).exists()
    enrolment = Enrolment.objects.get(user=learner)
    assert not enrolment.is_completed and enrolment.completed_at is None
    # The credit stays on the books, cancelled by a reversing entry.
    credit, reversal = StudyHourEntry.objects.filter(user=learner).order_by("id")
    assert reversal.reverses == credit and reversal.hours == -credit.hours == -2
    assert sum(e.hours for e in StudyHourEntry.objects.filter(user=learner)) == 0


def test_a_completion_for_a_course_whose_prerequisites_are_unmet_changes_nothing(
    learner, client
):
    # Issue 11, hole 2: a statement must not open a path the learner may not take.
    basics = make_course("网络安全基础", lessons=1)
    advanced = make_course("数据安全进阶", lessons=1)
    CoursePrerequisite.objects.create(course=advanced, prerequisite=basics)
    credentials = create_client(name="client", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))

    response = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("D1001"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": advanced.lessons().first().activity_id},
            }
        ),
    )

    assert response.status_code == 200
    assert Statement.objects.count() == 1
    assert not LessonProgress.objects.exists()
    assert not Enrolment.objects.exists()
    assert not StudyHourEntry.objects.exists()


def test_a_completion_from_outside_enrols_a_learner_who_may_take_the_course(
    learner, client
):
    course = make_course(lessons=2)
    credentials = create_client(name="client", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("D1001"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": course.lessons().first().activity_id},
            }
        ),
    )
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    assert verbs_about(course.activity_id) == [v.REGISTERED]
