"""Verified study time without a database: tickets, credit per beat, video segments.

A lesson page carries a signed *ticket* naming the learner and the lesson;
the heartbeat and video endpoints accept nothing else, so the check that the
learner may study the lesson is made once, when the page is built, and a beat
costs no lookup of the course. The page is cached whole per learner
(``courses.routing``), so the ticket is the same for every load of it; each
load makes its own session id in the browser.

What the server trusts: never the client's clock. A beat credits at most the
server time elapsed since the clock last moved, at most ``MAX_BEAT_CREDIT``,
and only for the session that holds the learner's clock, so two pages open at
once never count the same minute twice. The page's own checks (visible, in
use) decide how much of that time it claims.
"""

import math
import re
import uuid
from dataclasses import dataclass, field

from django.core import signing

BEAT_SECONDS = 30
MAX_BEAT_CREDIT = 60
# A clock not beaten for this long is free for another page to take.
STALE_SECONDS = 75
# No keyboard, pointer, scroll or playing video for this long stops the clock.
IDLE_SECONDS = 180
TICKET_MAX_AGE = 12 * 3600
SEEK_TOLERANCE = 2.0
COMPLETION_THRESHOLD = 0.95
MAX_VIDEO_LENGTH = 6 * 3600
# A play can run at most this much faster than real time (the fastest rate
# browsers offer the learner is 2×; the slack covers network delay).
PLAYBACK_SLACK = 2.0
_SALT = "ledger.study-ticket"


class TicketError(ValueError):
    """A ticket that is forged, expired or not the asking learner's."""


@dataclass(frozen=True)
class Ticket:
    user_id: int
    lesson_key: str
    course_key: str
    issued: float
    estimated_minutes: int
    # Block ids of the lesson's video files, each with "no skipping" or not.
    videos: dict = field(default_factory=dict)

    def sign(self) -> str:
        return signing.dumps(
            [
                self.user_id,
                self.lesson_key,
                self.course_key,
                self.issued,
                self.estimated_minutes,
                self.videos,
            ],
            salt=_SALT,
            compress=True,
        )


def new_ticket(*, user_id, lesson_key, course_key, minutes, videos, now) -> Ticket:
    return Ticket(
        user_id=user_id,
        lesson_key=str(lesson_key),
        course_key=str(course_key),
        issued=now,
        estimated_minutes=minutes,
        videos=videos,
    )


def read_ticket(token: str, *, user_id: int) -> Ticket:
    try:
        values = signing.loads(token, salt=_SALT, max_age=TICKET_MAX_AGE)
        ticket = Ticket(*values)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise TicketError("bad ticket") from error
    if ticket.user_id != user_id:
        raise TicketError("another learner's ticket")
    return ticket


def read_session(value: str) -> str:
    """A page's session id: any UUID the page made (it only names the page)."""
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError) as error:
        raise TicketError("bad session") from error


def cap_seconds(minutes: int, factor: int) -> int:
    return max(0, minutes) * 60 * max(1, factor)


def minimum_seconds(minutes: int, share: int) -> int:
    return math.ceil(max(0, minutes) * 60 * share / 100)


def may_hold(*, holder, last_beat, session, now) -> bool:
    """May ``session`` count now? Yes if it holds the clock or the clock is free."""
    if holder is None or str(holder) == session:
        return True
    return last_beat is None or now - last_beat >= STALE_SECONDS


def beat_credit(*, claimed, elapsed, so_far, cap) -> int:
    """Seconds one beat credits: what the page claims, bounded by the server."""
    allowed = max(0, min(int(claimed), int(elapsed), MAX_BEAT_CREDIT))
    return max(0, min(allowed, cap - so_far))


def clock_mark(*, since: float, now: float, credit: int) -> float:
    """Up to when a beat has accounted for the time: a fraction of a second it
    could not credit carries to the next beat, anything more is dropped.

    Credits are whole seconds; without the carry, a page beating every
    second would lose nearly all of them to rounding.
    """
    left = now - since - credit
    return since + credit if 0 <= left < 1 else now


# --- videos: ADL's xAPI Video Profile ---------------------------------------


def union(segments) -> list[list[float]]:
    """Merge overlapping or touching segments into a sorted, disjoint list."""
    merged: list[list[float]] = []
    for start, end in sorted((min(a, b), max(a, b)) for a, b in segments):
        if merged and start <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def watched(segments) -> float:
    return sum(end - start for start, end in union(segments))


def furthest(segments) -> float:
    """How far the learner has watched without skipping: the end of the first run."""
    runs = union(segments)
    return runs[0][1] if runs and runs[0][0] <= SEEK_TOLERANCE else 0.0


def progress(segments, length: float) -> float:
    if length <= 0:
        return 0.0
    return round(min(1.0, watched(segments) / length), 3)


def format_segments(segments) -> str:
    """The profile's ``played-segments``: ``0[.]12.5[,]20[.]30``."""
    return "[,]".join(f"{_num(a)}[.]{_num(b)}" for a, b in union(segments))


def parse_segments(text: str) -> list[list[float]]:
    found = []
    for part in (text or "").split("[,]"):
        match = re.fullmatch(r"\s*([0-9.]+)\[\.\]([0-9.]+)\s*", part)
        if match:
            found.append([float(match.group(1)), float(match.group(2))])
    return union(found)


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")
