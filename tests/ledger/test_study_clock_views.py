"""The lesson page's study clock and its endpoints, as the page and an attacker call them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services as courses
from courses.models import LessonPage
from ledger import timekeeping as tk
from ledger.models import LessonStudyTime, StudyPolicy
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db
SESSION = "6f1c2a54-0d7e-4c3f-9a41-2b8e5d7c9f10"


@pytest.fixture
def lesson(staff):
    course = make_course("政务数据安全", lessons=1)
    courses.start_course(user=staff.user, course=course)
    LessonPage.objects.filter(pk=course.get_children().first().pk).update(
        estimated_minutes=10
    )
    return course.get_children().specific().first()


def signed_in(user, language="en"):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def page_ticket(client, lesson) -> str:
    html = client.get(lesson.url).content.decode()
    start = html.index('data-ticket="') + len('data-ticket="')
    return html[start : html.index('"', start)]


def test_the_lesson_page_carries_the_clock_and_says_what_it_counts(staff, lesson):
    html = signed_in(staff.user).get(lesson.url).content.decode()
    assert "Verified study time: <strong data-study-minutes>0</strong> min" in html
    assert "up to 20 min" in html
    assert "ledger/studyclock.js" in html
    assert "Without JavaScript study time is not counted" in html
    zh = signed_in(staff.user, "zh-hans").get(lesson.url).content.decode()
    assert "有效学习时长" in zh


def test_the_page_says_how_much_is_left_under_the_minimum_rule(staff, lesson):
    StudyPolicy.objects.create(year=timezone.now().year, minimum_time_share=50)
    client = signed_in(staff.user)
    html = client.get(lesson.url).content.decode()
    assert "another <strong data-study-left-minutes>5</strong> min" in html
    response = client.post(reverse("courses:complete", args=[lesson.pk]), follow=True)
    assert "5 more minutes before confirming it" in response.content.decode()


def test_a_beat_from_the_page_counts(staff, lesson):
    client = signed_in(staff.user)
    ticket = page_ticket(client, lesson)
    response = client.post(
        reverse("ledger:beat"), {"ticket": ticket, "session": SESSION, "active": "30"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["counting"] is True and body["left"] == 0
    # Served a moment ago: the server allows only the time since then.
    assert body["credited"] <= 2


def test_another_learners_ticket_is_refused(staff, lesson):
    ticket = page_ticket(signed_in(staff.user), lesson)
    other = StaffMemberFactory(employee_id="D2002")
    response = signed_in(other.user).post(
        reverse("ledger:beat"), {"ticket": ticket, "session": SESSION, "active": "30"}
    )
    assert response.status_code == 403
    assert not LessonStudyTime.objects.exists()


def test_a_forged_ticket_is_refused(staff, lesson):
    forged = tk.new_ticket(
        user_id=staff.user.pk,
        lesson_key=lesson.translation_key,
        course_key=lesson.course_key,
        minutes=600,
        videos={},
        now=0,
    ).sign()
    assert forged
    tampered = forged[:-3] + ("AAA" if not forged.endswith("AAA") else "BBB")
    client = signed_in(staff.user)
    for ticket in (tampered, "", "not-a-ticket"):
        response = client.post(
            reverse("ledger:beat"),
            {"ticket": ticket, "session": SESSION, "active": "30"},
        )
        assert response.status_code == 403


def test_a_beat_without_a_session_id_is_refused(staff, lesson):
    client = signed_in(staff.user)
    ticket = page_ticket(client, lesson)
    for session in ("", "x' OR 1=1"):
        response = client.post(
            reverse("ledger:beat"),
            {"ticket": ticket, "session": session, "active": "5"},
        )
        assert response.status_code == 403


def test_an_anonymous_beat_is_refused(client, staff, lesson):
    ticket = page_ticket(signed_in(staff.user), lesson)
    response = Client().post(
        reverse("ledger:beat"), {"ticket": ticket, "session": SESSION, "active": "30"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("active", ["-1", "abc", "99999", "1e9"])
def test_nonsense_time_is_a_clear_400(staff, lesson, active):
    client = signed_in(staff.user)
    ticket = page_ticket(client, lesson)
    response = client.post(
        reverse("ledger:beat"), {"ticket": ticket, "session": SESSION, "active": active}
    )
    assert response.status_code == 400
    assert response.json()["error"]


def test_video_events_without_a_video_are_refused(staff, lesson):
    client = signed_in(staff.user)
    ticket = page_ticket(client, lesson)
    data = {
        "ticket": ticket,
        "session": SESSION,
        "block": "x",
        "event": "played",
        "position": "1",
    }
    response = client.post(reverse("ledger:video"), data)
    assert response.status_code == 409
    data["position"] = "inf"
    assert client.post(reverse("ledger:video"), data).status_code == 400
