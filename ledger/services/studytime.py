"""Verified study time: heartbeats, video events, and the lesson-confirmation check.

Each write locks the learner's row (the clock, or the video's viewing), so
replayed or concurrent requests are judged one after the other against what
the last one left; what they credit goes through the LRS as statements, and
``ledger.projection`` adds it to the projections.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.agents import agent_for
from xapi.services import record_statements

from .. import time_statements as built
from .. import timekeeping as tk
from ..models import LessonStudyTime, StudyClock, StudyPolicy, VideoViewing

_RULES_KEY = "ledger:time-rules:{year}"


class VideoRefused(ValueError):
    """A video event the rules refuse (a skip ahead, an early "completed")."""

    def __init__(self, message: str, furthest: float = 0.0):
        super().__init__(message)
        self.furthest = furthest


@dataclass(frozen=True)
class TimeRules:
    minimum_share: int = 0
    cap_factor: int = 2


@dataclass(frozen=True)
class BeatOutcome:
    counting: bool
    credited: int
    seconds: int


def time_rules(year: int) -> TimeRules:
    """The year's time rules, cached: every heartbeat and lesson page reads them."""
    key = _RULES_KEY.format(year=year)
    found = cache.get(key)
    if found is None:
        values = (
            StudyPolicy.objects.filter(year=year)
            .values_list("minimum_time_share", "time_cap_factor")
            .first()
        )
        found = tuple(values) if values else (0, 2)
        cache.set(key, found, 300)
    return TimeRules(*found)


def forget_time_rules(sender, instance, **kwargs) -> None:
    """Receive ``post_save`` of a policy: its year's cached rules are stale."""
    cache.delete(_RULES_KEY.format(year=instance.year))


def verified_seconds(user_id: int, lesson_key) -> int:
    return (
        LessonStudyTime.objects.filter(user_id=user_id, lesson_key=lesson_key)
        .values_list("seconds", flat=True)
        .first()
        or 0
    )


def locked_row(model, annotations=None, **key):
    """Return ``model``'s row for ``key``, locked; create it the first time.

    One query on every call but the first, which beats and video events
    make often enough to matter; ``annotations`` ride along in that query.
    """
    rows = model.objects.select_for_update().annotate(**annotations or {})
    row = rows.filter(**key).first()
    if row is None:
        # A concurrent first request may insert it first; the conflict is then
        # ignored, without the savepoint get_or_create would spend on it.
        model.objects.bulk_create([model(**key)], ignore_conflicts=True)
        row = rows.get(**key)
    return row


def _lesson_seconds(user_id: int, lesson_key):
    """The lesson's verified seconds as a subquery, to read with the locked clock."""
    found = LessonStudyTime.objects.filter(user_id=user_id, lesson_key=lesson_key)
    return Coalesce(Subquery(found.values("seconds")[:1]), 0)


def _since(clock, last, session, ticket) -> float:
    """From when this beat may count: its own last beat, else when the clock was freed."""
    holding = clock.session is not None and str(clock.session) == session
    return last if holding and last else max(ticket.issued, last or 0)


def _move_clock(clock, *, session, since, now, claimed, so_far, cap) -> int:
    credit = tk.beat_credit(
        claimed=claimed, elapsed=now.timestamp() - since, so_far=so_far, cap=cap
    )
    clock.session = session
    clock.last_beat_at = datetime.fromtimestamp(
        tk.clock_mark(since=since, now=now.timestamp(), credit=credit), tz=UTC
    )
    clock.save(update_fields=["session", "last_beat_at"])
    return credit


def record_beat(
    *, user, ticket, session, claimed, end=False, language="zh-hans", now=None
):
    """Credit one heartbeat of the page ``session``; ``end`` also frees the clock."""
    now = now or timezone.now()
    rules = time_rules(now.year)
    with transaction.atomic():
        clock = locked_row(
            StudyClock,
            {"so_far": _lesson_seconds(user.pk, ticket.lesson_key)},
            user_id=user.pk,
        )
        last = clock.last_beat_at.timestamp() if clock.last_beat_at else None
        so_far = clock.so_far
        if not tk.may_hold(
            holder=clock.session, last_beat=last, session=session, now=now.timestamp()
        ):
            return BeatOutcome(counting=False, credited=0, seconds=so_far)
        credit = _move_clock(
            clock,
            session=None if end else session,
            since=_since(clock, last, session, ticket),
            now=now,
            claimed=claimed,
            so_far=so_far,
            cap=tk.cap_seconds(ticket.estimated_minutes, rules.cap_factor),
        )
        if credit:
            beat = built.heartbeat(
                actor=agent_for(user),
                ticket=ticket,
                session=session,
                seconds=credit,
                when=now,
                language=language,
            )
            record_statements([beat])
    return BeatOutcome(counting=not end, credited=credit, seconds=so_far + credit)


def confirmation_refusal(user, lesson, *, now: datetime | None = None) -> str | None:
    """Why ``user`` may not confirm ``lesson`` yet, or None (``courses.extensions``)."""
    from ..lesson_panel import lesson_videos

    forbidding = [block for block, strict in lesson_videos(lesson).items() if strict]
    if forbidding:
        watched = VideoViewing.objects.filter(
            user=user,
            lesson_key=lesson.translation_key,
            block__in=forbidding,
            completed_at__isnull=False,
        ).count()
        if watched < len(forbidding):
            return _("Watch the lesson's video to the end before confirming it.")
    left = seconds_left(user, lesson, now=now)
    if left:
        minutes = -(-left // 60)
        return ngettext(
            "Study this lesson for %(minutes)s more minute before confirming it.",
            "Study this lesson for %(minutes)s more minutes before confirming it.",
            minutes,
        ) % {"minutes": minutes}
    return None


def seconds_left(user, lesson, *, now=None, have: int | None = None) -> int:
    """Verified seconds still missing under the year's minimum-time rule (0 when off)."""
    if not time_rules((now or timezone.now()).year).minimum_share:
        return 0  # no query for the time when the rule is off
    if have is None:
        have = verified_seconds(user.pk, lesson.translation_key)
    return missing_seconds(lesson.estimated_minutes, have, now=now)


def missing_seconds(minutes: int, have: int, *, now=None) -> int:
    """What ``have`` verified seconds lack of a ``minutes`` lesson's minimum (0 when off)."""
    rules = time_rules((now or timezone.now()).year)
    if not rules.minimum_share:
        return 0
    return max(0, tk.minimum_seconds(minutes, rules.minimum_share) - have)
