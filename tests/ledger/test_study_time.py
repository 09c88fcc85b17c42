"""Verified study time: heartbeats, one counting session, the cap, the minimum-time rule."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from courses import services as courses
from courses.exceptions import CourseError
from courses.models import LessonProgress
from ledger import time_statements as built
from ledger import timekeeping as tk
from ledger.models import LessonStudyTime, StudyClock, StudyPolicy
from ledger.services.studytime import record_beat
from tests.factories.courses import make_course
from tests.xapi.conftest import LRS, basic
from xapi import vocabulary as v
from xapi.auth import create_client
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs(client):
    credentials = create_client(name="package vendor", scopes=["all"])
    return LRS(client, basic(credentials.key, credentials.secret))


@pytest.fixture
def lesson(staff):
    course = make_course("政务数据安全", lessons=1)
    lesson = course.get_children().specific().first()
    lesson.estimated_minutes = 2
    lesson.save_revision().publish()
    courses.start_course(user=staff.user, course=course)
    lesson.refresh_from_db()
    return lesson


T0 = timezone.now().replace(microsecond=0)


def ticket_for(user, lesson, *, at=T0, videos=None):
    return tk.new_ticket(
        user_id=user.pk,
        lesson_key=lesson.translation_key,
        course_key=lesson.course_key,
        minutes=lesson.estimated_minutes,
        videos=videos or {},
        now=at.timestamp(),
    )


ONE, TWO = str(uuid.uuid4()), str(uuid.uuid4())


def beat(user, ticket, seconds_after, claimed, session=ONE, **kwargs):
    return record_beat(
        user=user,
        ticket=ticket,
        session=session,
        claimed=claimed,
        now=T0 + timedelta(seconds=seconds_after),
        **kwargs,
    )


def verified(user, lesson) -> int:
    row = LessonStudyTime.objects.filter(user=user, lesson_key=lesson.translation_key)
    return row.values_list("seconds", flat=True).first() or 0


def test_a_beat_credits_what_the_page_claims_bounded_by_the_server_clock(staff, lesson):
    ticket = ticket_for(staff.user, lesson)
    assert beat(staff.user, ticket, 30, 30).credited == 30
    # Replayed at once: no server time has passed, so nothing more counts.
    assert beat(staff.user, ticket, 30, 30).credited == 0
    # A page claiming an hour after 20 seconds gets 20.
    assert beat(staff.user, ticket, 50, 3600).credited == 20
    assert verified(staff.user, lesson) == 50
    statement = Statement.objects.filter(verb_id=v.EXPERIENCED).latest("stored").data
    assert statement["result"]["duration"] == "PT20S"
    assert statement["object"]["id"] == lesson.activity_id
    assert statement["context"]["extensions"] == {built.study_session_extension(): ONE}


def test_only_one_concurrent_session_counts(staff, lesson):
    # The same lesson open twice: one ticket (the page is cached), two sessions.
    first = second = ticket_for(staff.user, lesson)
    assert beat(staff.user, first, 30, 30).credited == 30
    other = beat(staff.user, second, 35, 30, session=TWO)
    assert (other.counting, other.credited) == (False, 0)
    assert beat(staff.user, first, 60, 30).credited == 30
    # The first page is hidden: it frees the clock, and the second takes over
    # from that moment, not from when it was opened.
    beat(staff.user, first, 61, 1, end=True)
    taken = beat(staff.user, second, 80, 30, session=TWO)
    assert (taken.counting, taken.credited) == (True, 19)
    # The first page comes back while the second holds the clock.
    assert beat(staff.user, first, 90, 30).counting is False
    assert verified(staff.user, lesson) == 30 + 30 + 1 + 19


def test_a_silent_page_loses_the_clock(staff, lesson):
    ticket = ticket_for(staff.user, lesson)
    beat(staff.user, ticket, 30, 30)
    # The first page stopped beating (closed without a goodbye, network lost).
    late = beat(staff.user, ticket, 30 + tk.STALE_SECONDS, 30, session=TWO)
    assert late.counting and late.credited == 30
    assert str(StudyClock.objects.get(user=staff.user).session) == TWO


def test_time_per_lesson_is_capped_at_twice_its_estimate(staff, lesson):
    ticket = ticket_for(staff.user, lesson)
    credited = [beat(staff.user, ticket, 30 * n, 30).credited for n in range(1, 7)]
    # Two estimated minutes, cap factor 2: 240 seconds.
    assert credited == [30, 30, 30, 30, 30, 30]
    assert [beat(staff.user, ticket, 30 * n, 30).credited for n in range(7, 11)] == [
        30,
        30,
        0,
        0,
    ]
    assert verified(staff.user, lesson) == 240


def test_the_cap_follows_the_years_policy(staff, lesson):
    StudyPolicy.objects.create(year=T0.year, time_cap_factor=1)
    ticket = ticket_for(staff.user, lesson)
    total = sum(beat(staff.user, ticket, 30 * n, 30).credited for n in range(1, 8))
    assert total == 120


def test_the_same_statement_from_an_lrs_client_counts_for_nothing(staff, lesson, lrs):
    ticket = ticket_for(staff.user, lesson)
    forged = built.heartbeat(
        actor=v.learner(staff.employee_id),
        ticket=ticket,
        session=ONE,
        seconds=3600,
        when=T0,
        language="zh-hans",
    )
    response = lrs.post("/xapi/statements", json.dumps(forged))
    assert response.status_code == 200, response.content
    assert Statement.objects.filter(pk=forged["id"]).exists()
    assert verified(staff.user, lesson) == 0


def test_minimum_time_blocks_an_early_confirmation_then_allows_it(staff, lesson):
    StudyPolicy.objects.create(year=T0.year, minimum_time_share=50)
    ticket = ticket_for(staff.user, lesson, at=timezone.now())
    with translation.override("en"), pytest.raises(CourseError, match="1 more minute"):
        courses.complete_lesson(user=staff.user, lesson=lesson)
    assert not LessonProgress.objects.exists()
    record_beat(
        user=staff.user,
        ticket=ticket,
        session=ONE,
        claimed=60,
        now=timezone.now() + timedelta(seconds=61),
    )
    courses.complete_lesson(user=staff.user, lesson=lesson)
    assert LessonProgress.objects.filter(user=staff.user).count() == 1


def test_without_the_rule_a_lesson_is_confirmed_without_time(staff, lesson):
    courses.complete_lesson(user=staff.user, lesson=lesson)
    assert LessonProgress.objects.filter(user=staff.user).count() == 1


def test_a_beat_costs_few_database_round_trips(staff, lesson, shared_cache):
    """2,000 learners beat every 30 s (bench/heartbeats.py): each query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ticket = ticket_for(staff.user, lesson)
    with CaptureQueriesContext(connection) as first:
        beat(staff.user, ticket, 30, 30)
    with CaptureQueriesContext(connection) as repeat:
        beat(staff.user, ticket, 60, 30)
    assert verified(staff.user, lesson) == 60
    sql = [q["sql"] for q in repeat.captured_queries]
    # Every beat: the transaction and the statement's savepoint (4), the locked
    # clock with the lesson's seconds, its update, the statement (one INSERT on
    # PostgreSQL, three on SQLite), its activity, the projector's learner and
    # seconds. The learner's account name comes from the shared cache.
    assert len(sql) <= (10 if connection.vendor == "postgresql" else 12), sql
    assert not any(q.startswith('SELECT "people_staffmember"."id"') for q in sql)
    # The first beat adds the year's rules (then cached), the clock's insert
    # without a savepoint of its own and its locked read, and the lesson's row.
    assert len(first) <= len(sql) + 5, [q["sql"][:80] for q in first.captured_queries]
    assert sum("SAVEPOINT" in q["sql"] for q in first.captured_queries) == 4
