"""Video events (ADL's xAPI Video Profile), checked against what was watched.

The server keeps the play in progress (where and when it started), so a
``paused`` can only close a segment the learner could have watched in the
time that passed, and, on a video that forbids skipping, a ``played`` or
``seeked`` past the furthest point watched is refused until the video has
been watched to the end once.
"""

import math

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.agents import agent_for
from xapi.services import record_statements

from .. import time_statements as built
from .. import timekeeping as tk
from ..models import VideoViewing
from .studytime import VideoRefused, locked_row

EVENTS = tuple(built.VIDEO_VERBS)


def _check_number(value, length: float) -> float:
    if value is None or not math.isfinite(value) or value < 0:
        raise VideoRefused(_("The video position is not valid."))
    if length and value > length + tk.SEEK_TOLERANCE:
        raise VideoRefused(_("The video position is past its end."))
    return float(value)


def _check_length(length) -> float:
    if length is None or not 0 < length <= tk.MAX_VIDEO_LENGTH:
        raise VideoRefused(_("The video length is not valid."))
    return float(length)


def _closing(viewing: VideoViewing, position: float, now) -> list | None:
    """The segment the play in progress covered, bounded by the time that passed."""
    if viewing.playing_from is None or viewing.played_at is None:
        return None
    start = viewing.playing_from
    if position < start:
        return None
    real = (now - viewing.played_at).total_seconds()
    end = min(position, start + real * tk.PLAYBACK_SLACK + tk.SEEK_TOLERANCE)
    return [start, end]


def _guard_skip(viewing, strict: bool, segments, to: float) -> None:
    if not strict or viewing.completed_at is not None:
        return
    reached = tk.furthest(segments)
    if to > reached + tk.SEEK_TOLERANCE:
        raise VideoRefused(
            _("This video cannot be skipped ahead on the first viewing."), reached
        )


def _step(viewing, strict, event, position, to, now):
    """Return (result extensions, result, new cursor) for one checked event."""
    segments = list(viewing.segments)
    if event == "initialized":
        # The page may have reported ``played`` before the length was known.
        return {}, None, (viewing.playing_from, viewing.played_at)
    if event == "played":
        _guard_skip(viewing, strict, segments, position)
        return {built.TIME: position}, None, (position, now)
    closed = _closing(viewing, position, now)
    if closed:
        segments.append(closed)
    summary = {
        built.PROGRESS: tk.progress(segments, viewing.length),
        built.SEGMENTS: tk.format_segments(segments),
    }
    if event == "seeked":
        to = _check_number(to, viewing.length)
        _guard_skip(viewing, strict, segments, to)
        cursor = (to, now) if viewing.playing_from is not None else (None, None)
        return {built.TIME_FROM: position, built.TIME_TO: to, **summary}, None, cursor
    if event == "completed":
        if tk.progress(segments, viewing.length) < tk.COMPLETION_THRESHOLD:
            raise VideoRefused(_("The video has not been watched to the end."))
        result = {
            "completion": True,
            "duration": built.duration(tk.watched(segments)),
        }
        return {built.TIME: position, **summary}, result, (None, None)
    return {built.TIME: position, **summary}, None, (None, None)


def _apply(viewing, strict, event, times, now):
    """Check ``event`` against the viewing, move its cursor, return its result parts."""
    position, to, length = times
    if event == "initialized":
        viewing.length = _check_length(length)
        position = 0
    position = _check_number(position, viewing.length)
    extensions, result, cursor = _step(viewing, strict, event, position, to, now)
    viewing.playing_from, viewing.played_at = cursor
    viewing.save(update_fields=["length", "playing_from", "played_at"])
    return result, extensions


def _record(user, ticket, session, block, event, now, language, viewing, *outcome):
    result, extensions = outcome
    statement = built.video_event(
        actor=agent_for(user),
        ticket=ticket,
        session=session,
        block=block,
        event=event,
        when=now,
        language=language,
        length=viewing.length,
        extensions=extensions,
        result=result,
    )
    record_statements([statement])


def record_video_event(
    *,
    user,
    ticket,
    session,
    block,
    event,
    position,
    to=None,
    length=None,
    language="zh-hans",
    now=None,
):
    """Check and record one event of ``block``'s video; raise ``VideoRefused``."""
    if block not in ticket.videos or event not in EVENTS:
        raise VideoRefused(_("This video is not part of the lesson."))
    now = now or timezone.now()
    with transaction.atomic():
        viewing = locked_row(
            VideoViewing, user_id=user.pk, lesson_key=ticket.lesson_key, block=block
        )
        if event == "completed" and viewing.completed_at is not None:
            return viewing
        result, extensions = _apply(
            viewing, ticket.videos[block], event, (position, to, length), now
        )
        _record(
            user,
            ticket,
            session,
            block,
            event,
            now,
            language,
            viewing,
            result,
            extensions,
        )
    viewing.refresh_from_db()
    return viewing
