"""The bell, the notification list, preferences, and HR's "remind the overdue" action."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from reports.models import Notification, ReminderPreferences
from reports.reminders.audit_events import REMINDERS_SENT
from reports.reminders.services import send_reminders
from tests.certificates.conftest import administrator
from tests.factories.people import StaffMemberFactory

from .reminders_world import DUE, build_world

pytestmark = pytest.mark.django_db
REMIND = "/reports/reminders/remind-overdue/"


@pytest.fixture(autouse=True)
def _english_pages(client):
    # The pages' own words are checked in English; what a notification says
    # follows its recipient's language, whatever the reader's cookie.
    client.cookies["django_language"] = "en"


@pytest.fixture
def world():
    return build_world()


def notify(user, number, read=False):
    return Notification.objects.create(
        recipient=user,
        kind="overdue",
        subject=f"course:{number}",
        period="w0",
        language="zh-hans",
        title=f"标题{number}",
        text=f"正文{number}",
        read_at=timezone.now() if read else None,
    )


def bell_queries(client, url="/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).content.decode()
    table = Notification._meta.db_table
    return body, sum(table in q["sql"] for q in captured.captured_queries)


def test_the_bell_shows_the_unread_count_for_one_query(client, world):
    notify(world.zh, 1)
    notify(world.zh, 2)
    notify(world.zh, 3, read=True)
    notify(world.en, 4)
    client.force_login(world.zh)
    body, queries = bell_queries(client)
    assert "Notifications (2 unread)" in body
    assert 'href="/reports/reminders/"' in body
    assert queries == 1


def test_the_bell_costs_nothing_for_a_visitor(client, world):
    body, queries = bell_queries(client)
    assert queries == 0
    assert 'class="bell' not in body


def test_the_bell_caps_the_count_it_shows(client, world):
    Notification.objects.bulk_create(
        Notification(
            recipient=world.zh,
            kind="overdue",
            subject=f"c{n}",
            period="p",
            language="zh-hans",
            title="t",
            text="t",
        )
        for n in range(105)
    )
    client.force_login(world.zh)
    body, _queries = bell_queries(client)
    assert "99+" in body


def test_a_lesson_page_shows_the_bell_without_a_count(client, world):
    from courses import services as courses

    notify(world.zh, 1)
    courses.start_course(user=world.zh, course=world.course)
    client.force_login(world.zh)
    lesson = world.course.lessons().first()
    body, queries = bell_queries(client, lesson.url)
    bell = body.split('class="bell')[1].split("</a>")[0]
    assert "unread" not in bell and queries == 0


def test_the_list_shows_only_ones_own_notifications(client, world):
    notify(world.zh, 1)
    notify(world.en, 2)
    client.force_login(world.zh)
    body = client.get("/reports/reminders/").content.decode()
    assert "正文1" in body and "正文2" not in body


def test_the_list_costs_the_same_queries_for_more_notifications(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.zh)
    notify(world.zh, 1)
    with CaptureQueriesContext(connection) as few:
        client.get("/reports/reminders/")
    for number in range(2, 40):
        notify(world.zh, number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/reports/reminders/").content.decode()
    assert "正文39" in body


def test_marking_read_touches_only_ones_own(client, world):
    mine, theirs = notify(world.zh, 1), notify(world.en, 2)
    client.force_login(world.zh)
    response = client.post("/reports/reminders/read/", {"notification": theirs.pk})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/reports/reminders/read/", {"notification": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read_and_bad_input(client, world):
    notify(world.zh, 1)
    notify(world.zh, 2)
    other = notify(world.en, 3)
    client.force_login(world.zh)
    assert (
        client.post("/reports/reminders/read/", {"notification": "x"}).status_code
        == 400
    )
    assert client.post("/reports/reminders/read/").status_code == 400
    client.post("/reports/reminders/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=world.zh).unread().exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_preferences_set_the_language_and_the_optional_kinds(client, world):
    client.force_login(world.zh)
    page = client.get("/reports/reminders/preferences/").content.decode()
    # The page says which reminders cannot be switched off.
    assert "Required training overdue" in page and "New required training" in page
    response = client.post(
        "/reports/reminders/preferences/",
        {"language": "en", "certificate_expiring": "on", "claim_decided": "on"},
    )
    assert response.status_code == 302
    chosen = ReminderPreferences.objects.get(user=world.zh)
    assert (chosen.language, chosen.due_soon, chosen.claim_decided) == (
        "en",
        False,
        True,
    )
    send_reminders(today=DUE - timedelta(days=3))
    (english,) = [m for m in mail.outbox if m.to == ["zh@example.org"]]
    assert "30 June 2026" in english.body


def test_preferences_refuse_an_unknown_language(client, world):
    client.force_login(world.zh)
    response = client.post("/reports/reminders/preferences/", {"language": "fr"})
    assert response.status_code == 400
    assert not ReminderPreferences.objects.filter(user=world.zh).exists()


def _overdue_year():
    return {"year": str(DUE.year)}


def test_hr_reminds_the_overdue_of_their_scope_once_a_day(client, world):
    client.force_login(world.hr_xian)
    response = client.post(REMIND, {**_overdue_year(), "next": "/reports/reminders/"})
    assert response.status_code == 302 and response["Location"] == "/reports/reminders/"
    reminded = set(
        Notification.objects.filter(kind="hr_reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"XA1001", "XA1002"}
    assert sorted(m.to[0] for m in mail.outbox) == ["en@example.org", "zh@example.org"]
    body = client.get("/reports/reminders/").content.decode()
    assert "Reminders sent to 2 overdue people." in body
    entry = AuditEntry.objects.get(action=REMINDERS_SENT)
    assert entry.actor_id == world.hr_xian.pk
    assert entry.scope == world.xian.tree_path
    assert entry.details["sent"] == 2 and entry.details["filters"]["year"] == "2026"

    client.post(REMIND, _overdue_year())
    assert Notification.objects.filter(kind="hr_reminder").count() == 2
    assert len(mail.outbox) == 2
    body = client.get("/reports/reminders/").content.decode()
    assert "2 had already been reminded today." in body


def test_hr_reminders_follow_the_filters(client, world):
    client.force_login(world.hr_province)
    client.post(REMIND, {**_overdue_year(), "department": world.yanta.pk})
    reminded = Notification.objects.filter(kind="hr_reminder")
    assert list(reminded.values_list("recipient__username", flat=True)) == ["XA1001"]


def test_an_officer_cannot_remind_another_citys_staff(client, world):
    client.force_login(world.hr_xian)
    response = client.post(REMIND, {**_overdue_year(), "department": world.baoji.pk})
    assert response.status_code == 400
    assert "No such department in your scope." in response.content.decode()
    assert not Notification.objects.filter(kind="hr_reminder").exists()
    assert not mail.outbox
    assert not AuditEntry.objects.filter(action=REMINDERS_SENT).exists()


def test_bad_filters_are_a_clear_error_and_send_nothing(client, world):
    client.force_login(world.hr_xian)
    for bad in ({"year": "abc"}, {"year": "1800"}, {"course": "not-a-uuid"}):
        response = client.post(REMIND, bad)
        assert response.status_code == 400
    assert not Notification.objects.exists()


def test_an_administrator_reminds_the_whole_organisation(client, world):
    client.force_login(administrator())
    client.post(REMIND, _overdue_year())
    assert Notification.objects.filter(kind="hr_reminder").count() == 3


def test_learners_cannot_send_reminders(client, world):
    client.force_login(world.zh)
    assert client.post(REMIND, _overdue_year()).status_code == 403
    assert client.get(REMIND).status_code == 403
    assert not Notification.objects.exists()


def test_the_hr_reminder_lists_the_overdue_courses_in_the_learners_language(
    client, world
):
    other = StaffMemberFactory(employee_id="XA1009", department=world.xian).user
    other.is_active = False
    other.save()
    client.force_login(world.hr_xian)
    client.post(REMIND, _overdue_year())
    (english,) = [m for m in mail.outbox if m.to == ["en@example.org"]]
    assert "Introduction to online government services" in english.body
    assert "30 June 2026" in english.body
    assert not Notification.objects.filter(recipient=other).exists()


def test_the_remind_form_of_a_report_page_carries_its_filters(client, world, rf):
    import re

    from django.template.loader import render_to_string

    from reports.filters import ReportFilters
    from reports.scope import Scope

    scope = Scope.for_user(world.hr_xian)
    filters = ReportFilters.from_query(
        {"year": "2026", "department": str(world.yanta.pk)}, scope
    )
    request = rf.get("/reports/overdue/?year=2026")
    request.user = world.hr_xian
    html = render_to_string(
        "reports/reminders/_remind_form.html", {"filters": filters}, request=request
    )
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', html))
    assert fields["year"] == "2026" and fields["department"] == str(world.yanta.pk)
    assert fields["next"] == "/reports/overdue/?year=2026"
    client.force_login(world.hr_xian)
    response = client.post(REMIND, fields)
    assert response["Location"] == "/reports/overdue/?year=2026"
    reminded = Notification.objects.filter(kind="hr_reminder")
    assert list(reminded.values_list("recipient__username", flat=True)) == ["XA1001"]
    request.user = world.zh
    assert "<form" not in render_to_string(
        "reports/reminders/_remind_form.html", {"filters": filters}, request=request
    )


def test_administrators_edit_the_reminder_settings_in_the_admin(client, world):
    from reports.models import ReminderSettings

    url = "/admin/settings/reports/remindersettings/"
    client.force_login(world.hr_xian)
    assert client.get(url).status_code in (302, 403)
    client.force_login(administrator())
    page = client.get(url, follow=True)
    assert page.status_code == 200 and "due_soon_days" in page.content.decode()
    config = ReminderSettings.load()
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else url,
        {
            "due_soon_days": "10",
            "escalation_days": "0",
            "certificate_days": "30",
            "send_assigned": "on",
        },
    )
    assert response.status_code == 200  # refused: escalation_days must be at least 1
    config.refresh_from_db()
    assert config.escalation_days == 14
