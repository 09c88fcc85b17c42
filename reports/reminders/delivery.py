"""Deliver reminders: once each, in the recipient's language, as notification and mail.

A reminder is delivered by inserting its ``Notification`` row; the unique
constraint on (recipient, kind, subject, period) turns a second insert, from
a second run or from a run at the same moment, into an ``IntegrityError``
that is skipped. Only the run whose insert succeeded sends the e-mail, so
nobody gets the same mail twice.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .kinds import OPTIONAL
from .models import Notification, ReminderPreferences

log = logging.getLogger(__name__)
CHUNK = 500


@dataclass(frozen=True)
class Reminder:
    recipient: object  # a user
    kind: str
    subject: str
    period: str
    # Called in the recipient's language; returns (title, text).
    message: Callable[[], tuple[str, str]]
    link: str = ""

    @property
    def key(self) -> tuple:
        return (self.recipient.pk, self.kind, self.subject, self.period)


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0  # delivered before, or opted out

    def add(self, other: "Outcome") -> None:
        self.sent += other.sent
        self.skipped += other.skipped


def deliver(reminders: Iterable[Reminder]) -> Outcome:
    """Deliver each reminder not delivered before, unless its recipient opted out.

    Reads in chunks, so that memory stays flat however many are due. Mail that
    fails to send is logged and leaves ``emailed_at`` empty; the notification
    stays delivered.
    """
    outcome = Outcome()
    connection = get_connection(fail_silently=False)
    for chunk in _chunks(iter(reminders)):
        outcome.add(_deliver_chunk(chunk, connection))
    return outcome


def _chunks(items: Iterator) -> Iterator[list]:
    while chunk := list(islice(items, CHUNK)):
        yield chunk


def _deliver_chunk(chunk: list[Reminder], connection) -> Outcome:
    users = {r.recipient.pk for r in chunk}
    preferences = {
        p.user_id: p for p in ReminderPreferences.objects.filter(user_id__in=users)
    }
    done = _delivered(chunk)
    outcome = Outcome()
    for reminder in chunk:
        chosen = preferences.get(reminder.recipient.pk)
        if reminder.key in done or _opted_out(chosen, reminder.kind):
            outcome.skipped += 1
            continue
        language = chosen.language if chosen else settings.LANGUAGE_CODE
        if _deliver_one(reminder, language, connection):
            outcome.sent += 1
            done.add(reminder.key)
        else:
            outcome.skipped += 1
    return outcome


def _delivered(chunk: list[Reminder]) -> set:
    """The keys of the chunk's reminders delivered before (one query)."""
    condition = Q(
        recipient_id__in={r.recipient.pk for r in chunk},
        kind__in={r.kind for r in chunk},
        subject__in={r.subject for r in chunk},
        period__in={r.period for r in chunk},
    )
    return set(
        Notification.objects.filter(condition).values_list(
            "recipient_id", "kind", "subject", "period"
        )
    )


def _opted_out(preferences, kind: str) -> bool:
    field = OPTIONAL.get(kind)
    return bool(preferences and field and not getattr(preferences, field))


def _deliver_one(reminder: Reminder, language: str, connection) -> bool:
    with translation.override(language):
        title, text = reminder.message()
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=reminder.recipient,
                    kind=reminder.kind,
                    subject=reminder.subject,
                    period=reminder.period,
                    language=language,
                    title=title[:300],
                    text=text,
                    link=reminder.link,
                )
        except IntegrityError:
            return False  # delivered meanwhile, by another run
        _mail(notification, connection)
    return True


def _mail(notification: Notification, connection) -> None:
    address = notification.recipient.email
    if not address:
        return
    body = render_to_string(
        "reports/reminders/email.txt",
        {
            "notification": notification,
            "link": _absolute(notification.link),
            "preferences": _absolute(reverse("reminders:preferences")),
        },
    )
    message = EmailMessage(
        subject=notification.title,
        body=body,
        to=[address],
        connection=connection,
    )
    try:
        message.send()
    except OSError:
        log.exception("Reminder mail to user %s failed", notification.recipient_id)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _absolute(path: str) -> str:
    return f"{settings.SITE_BASE_URL}{path}" if path else ""
