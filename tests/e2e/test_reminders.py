"""The learner's reminders in headless Chromium: the bell, the list, preferences."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses import services
from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from reports.models import ReminderPreferences
from reports.reminders.services import send_reminders
from tests.factories.courses import make_course

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reminded(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    course = make_course(
        "政务信息安全操作规程", lessons=1, kind="required", credit_hours=Decimal("2")
    )
    learner = StaffMember.objects.get(user__username="learner")
    services.create_assignment(
        created_by=None,
        due_date=timezone.localdate() + timedelta(days=3),
        course=course,
        staff=learner,
    )
    send_reminders()
    return learner.user


def test_the_learner_reads_reminders_from_the_bell_and_opts_out(
    reminded, live_server, page
):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    sign_in(page, base, "learner", DEMO_PASSWORD)
    bell = page.locator("header a.bell")
    assert "2 unread" in bell.inner_text()  # assigned, due soon

    bell.click()
    page.wait_for_url(f"{base}/reports/reminders/")
    listed = page.locator("ul.notifications").inner_text()
    # Written in the learner's language (zh-hans until they choose), not the page's.
    assert "新的必修培训：政务信息安全操作规程" in listed
    assert "即将到期：政务信息安全操作规程" in listed
    page.click("text=Mark all as read")
    page.wait_for_selector("ul.notifications li.read")
    assert "unread" not in page.locator("header a.bell").inner_text()

    page.click("text=Reminder preferences")
    page.uncheck("#id_due_soon")
    page.select_option("#id_language", "en")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Your reminder preferences are saved.")
    chosen = ReminderPreferences.objects.get(user=reminded)
    assert (chosen.language, chosen.due_soon) == ("en", False)
    assert "Required training overdue" in page.locator("ul.required-kinds").inner_text()
    assert len(mail.outbox) == 2
