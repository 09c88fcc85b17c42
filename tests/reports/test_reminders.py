"""The reminder task: each kind once per period, in the recipient's language, opt-outs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from courses.models import Enrolment
from ledger import services as ledger
from reports import tasks
from reports.models import Notification, ReminderPreferences, ReminderSettings
from reports.reminders.services import send_reminders
from tests.certificates.conftest import complete_course, hr_officer
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course

from .reminders_world import DUE, EN_TITLE, ZH_TITLE, build_world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return build_world()


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def kinds_of(user):
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", flat=True)
    )


def test_a_new_assignment_is_announced_once_in_each_recipients_language(world):
    counts = send_reminders(today=DUE - timedelta(days=30))
    assert counts["assigned"] == 3  # 张晓明, Li Ming, 王宝
    (chinese,) = sent_to("zh@example.org")
    (english,) = sent_to("en@example.org")
    assert ZH_TITLE in chinese.subject and "2026年6月30日" in chinese.body
    assert EN_TITLE in english.subject and "30 June 2026" in english.body
    assert "/reports/reminders/preferences/" in english.body
    note = Notification.objects.get(recipient=world.en)
    assert (note.kind, note.language, note.link) == ("assigned", "en", "/")
    assert note.emailed_at is not None

    again = send_reminders(today=DUE - timedelta(days=29))
    assert again["assigned"] == 0
    assert len(mail.outbox) == 3


def test_the_task_run_twice_on_one_day_sends_nothing_twice(world):
    today = DUE + timedelta(days=20)
    first = send_reminders(today=today)
    outbox, rows = len(mail.outbox), Notification.objects.count()
    second = send_reminders(today=today)
    assert first["overdue"] == 3 and first["escalation"] > 0
    assert set(second.values()) == {0}
    assert (len(mail.outbox), Notification.objects.count()) == (outbox, rows)


def test_due_soon_comes_the_set_number_of_days_before_and_once(world):
    config = ReminderSettings.load()
    config.due_soon_days = 7
    config.save()
    assert send_reminders(today=DUE - timedelta(days=8))["due_soon"] == 0
    assert send_reminders(today=DUE - timedelta(days=7))["due_soon"] == 3
    assert send_reminders(today=DUE - timedelta(days=2))["due_soon"] == 0
    (english,) = [m for m in sent_to("en@example.org") if "Due soon" in m.subject]
    assert "in 7 days" in english.body


def test_overdue_is_sent_the_day_after_then_weekly(world):
    assert send_reminders(today=DUE)["overdue"] == 0
    assert send_reminders(today=DUE + timedelta(days=1))["overdue"] == 3
    assert send_reminders(today=DUE + timedelta(days=7))["overdue"] == 0
    assert send_reminders(today=DUE + timedelta(days=8))["overdue"] == 3
    assert send_reminders(today=DUE + timedelta(days=15))["overdue"] == 3
    periods = Notification.objects.filter(recipient=world.zh, kind="overdue")
    assert sorted(periods.values_list("period", flat=True)) == [
        "2026-06-30+w0",
        "2026-06-30+w1",
        "2026-06-30+w2",
    ]
    (late,) = [m for m in sent_to("en@example.org") if "15 days overdue" in m.body]
    assert EN_TITLE in late.body


def test_completed_and_inactive_staff_are_not_reminded(world):
    Enrolment.objects.filter(user=world.zh).update(
        status="completed", completed_at=timezone.now()
    )
    world.bj.staff.is_active = False
    world.bj.staff.save()
    send_reminders(today=DUE + timedelta(days=1))
    assert kinds_of(world.zh) == kinds_of(world.bj) == []
    # Not "assigned": the due date has passed, so overdue says it all.
    assert kinds_of(world.en) == ["overdue"]


def test_escalation_reaches_only_the_officers_whose_scope_holds_the_department(world):
    config = ReminderSettings.load()
    config.escalation_days = 14
    config.save()
    assert send_reminders(today=DUE + timedelta(days=13))["escalation"] == 0
    assert send_reminders(today=DUE + timedelta(days=14))["escalation"] == 6
    # 西安市's officer: 张晓明 (雁塔区, under 西安市) and Li Ming; the province's:
    # all three; 宝鸡市's: only 王宝.
    about = {
        officer: sorted(
            Notification.objects.filter(
                recipient=officer, kind="escalation"
            ).values_list("title", flat=True)
        )
        for officer in (world.hr_xian, world.hr_baoji, world.hr_province)
    }
    assert about[world.hr_xian] == [
        "培训逾期：Li Ming (XA1002)",
        "培训逾期：张晓明 (XA1001)",
    ]
    assert about[world.hr_baoji] == ["培训逾期：王宝 (BJ1003)"]
    assert len(about[world.hr_province]) == 3
    assert send_reminders(today=DUE + timedelta(days=21))["escalation"] == 0
    (to_province,) = [
        m for m in sent_to("HRSX01@hr.example.org") if "王宝" in m.subject
    ]
    assert EN_TITLE in to_province.body and "21 days" not in to_province.body


def test_an_officer_is_not_told_about_their_own_overdue_training(world):
    # The 西安市 officer's own required training, overdue by a month.
    world.hr_xian.staff.department = world.xian
    world.hr_xian.staff.save()
    from courses import services as courses

    courses.apply_assignments_to_staff([world.hr_xian.staff.pk])
    send_reminders(today=DUE + timedelta(days=30))
    titles = Notification.objects.filter(recipient=world.hr_xian, kind="escalation")
    assert not titles.filter(title__contains="HRXA01").exists()
    assert Notification.objects.filter(
        recipient=world.hr_province, title__contains="HRXA01"
    ).exists()


def test_opted_out_kinds_are_not_sent_but_required_training_ones_are(world):
    ReminderPreferences.objects.filter(user=world.en).update(
        due_soon=False, certificate_expiring=False, claim_decided=False
    )
    send_reminders(today=DUE - timedelta(days=3))
    send_reminders(today=DUE + timedelta(days=1))
    assert kinds_of(world.en) == ["assigned", "overdue"]
    assert kinds_of(world.zh) == ["assigned", "due_soon", "overdue"]


def test_a_kind_switched_off_by_the_administrator_is_not_sent(world):
    config = ReminderSettings.load()
    config.send_assigned = False
    config.save()
    assert send_reminders(today=DUE - timedelta(days=30))["assigned"] == 0
    assert not mail.outbox


def test_a_certificate_expiring_is_announced_once_with_its_serial(world):
    from certificates.models import Certificate

    course = make_course("网络安全基础", lessons=1, certificate_validity_months=24)
    exam = make_exam(course, make_bank(course=course, questions=2), draw=2)
    complete_course(world.zh, course, exam)
    certificate = Certificate.objects.get(holder=world.zh)
    expires = certificate.expires_on
    assert (
        send_reminders(today=expires - timedelta(days=31))["certificate_expiring"] == 0
    )
    assert (
        send_reminders(today=expires - timedelta(days=30))["certificate_expiring"] == 1
    )
    assert (
        send_reminders(today=expires - timedelta(days=5))["certificate_expiring"] == 0
    )
    (notice,) = [m for m in sent_to("zh@example.org") if certificate.serial in m.body]
    assert "网络安全基础" in notice.body


def _claim(user, title):
    return ledger.submit_claim(
        user=user,
        title=title,
        organiser="省委党校",
        finished_on=timezone.localdate(),
        hours=Decimal("6"),
        evidence=SimpleUploadedFile("p.pdf", PDF),
    )


def test_a_decided_claim_is_announced_once_with_the_reason(world):
    officer = hr_officer(world.xian, username="hr-claims")
    claim = _claim(world.en, "数字政府专题研修")
    pending = send_reminders()
    assert pending["claim_decided"] == 0
    ledger.decide_claim(
        actor=officer, claim=claim, approve=False, reason="证明材料不清晰"
    )
    assert send_reminders()["claim_decided"] == 1
    assert send_reminders()["claim_decided"] == 0
    (rejected,) = [m for m in sent_to("en@example.org") if "rejected" in m.subject]
    assert "数字政府专题研修" in rejected.subject
    assert "Reason: 证明材料不清晰" in rejected.body


def test_the_task_is_on_celerys_beat_schedule():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "reports.tasks.send_reminders"
    ]
    (entry,) = entries
    # Once a day, at the start of the working day.
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}


def test_the_task_runs_inline_without_a_broker(world):
    # Real today: long after DUE, so all three are overdue.
    counts = tasks.send_reminders.delay().get()
    assert counts["overdue"] == 3
