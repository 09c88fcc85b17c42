"""Two runs at once deliver each reminder once; the beat task runs on a real worker."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections

from reports import tasks
from reports.models import Notification
from reports.reminders import delivery
from reports.reminders.services import send_reminders
from tests.celery_worker import redis_worker_on

from .reminders_world import DUE, build_world

BROKER = "redis://127.0.0.1:6379/12"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time"
)
def test_two_runs_at_once_deliver_each_reminder_once(reference_data, monkeypatch):
    build_world()
    # Both runs see nothing delivered yet, as when they read at the same
    # instant: only the unique constraint stands between them and doubles.
    monkeypatch.setattr(delivery, "_delivered", lambda chunk: set())
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=30)
            results.append(send_reminders(today=DUE + timedelta(days=1)))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sum(r["overdue"] for r in results) == 3
    assert Notification.objects.filter(kind="overdue").count() == 3
    # In each recipient's language: two read Chinese, one English.
    overdue_mail = [
        m for m in mail.outbox if "Overdue" in m.subject or "已逾期" in m.subject
    ]
    assert len(overdue_mail) == 3


@pytest.fixture
def redis_worker():
    with redis_worker_on(BROKER) as worker:
        yield worker


@pytest.mark.celery
def test_the_beat_task_runs_on_a_celery_worker_over_redis(reference_data, redis_worker):
    build_world()
    tasks.send_reminders.delay()
    deadline = time.monotonic() + 90  # a loaded machine is slow
    # The run ends with the six escalations (two, one and three officers).
    escalated = Notification.objects.filter(kind="escalation")
    while escalated.count() < 6 and time.monotonic() < deadline:
        time.sleep(0.2)
    # Real today is past DUE: the three learners are overdue.
    assert Notification.objects.filter(kind="overdue").count() == 3
    assert {m.to[0] for m in mail.outbox} >= {"zh@example.org", "en@example.org"}
