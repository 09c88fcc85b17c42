"""The projector of verified study time: heartbeats and video events.

Registered with ``xapi`` in ``LedgerConfig.ready``. Only statements the
platform recorded itself count (their authority is the platform's, which no
LRS client can claim: the LRS sets ``authority`` from the credential): the
heartbeat and video endpoints checked them before recording. The same shapes
sent by a client are stored and change nothing. Records nothing; cheap for
what it ignores (one pass over the verbs, no query).
"""

from django.db.models import F
from django.utils import timezone

from people.agents import account_name, user_ids_for
from xapi.services import platform_authority
from xapi.validation import parse_timestamp
from xapi.vocabulary import EXPERIENCED, activity_key

from . import time_statements as built
from . import timekeeping as tk
from .models import LessonStudyTime, VideoViewing

_VIDEO_VERBS = set(built.VIDEO_VERBS.values())


def _ours(statement: dict) -> bool:
    authority = statement.get("authority") or {}
    return authority.get("account") == platform_authority()["account"]


def _relevant(stored: list[dict]) -> list[dict]:
    return [
        s
        for s in stored
        if (s["verb"]["id"] == EXPERIENCED or s["verb"]["id"] in _VIDEO_VERBS)
        and (s.get("context") or {}).get("extensions")
        and _ours(s)
    ]


def project_study_time(stored: list[dict]) -> None:
    found = _relevant(stored)
    if not found:
        return
    users = user_ids_for(n for s in found if (n := account_name(s["actor"])))
    for statement in found:
        user_id = users.get(account_name(statement["actor"]) or "")
        if user_id is None:
            continue
        if statement["verb"]["id"] == EXPERIENCED:
            _add_time(user_id, statement)
        else:
            _apply_video(user_id, statement)


def _add_time(user_id: int, statement: dict) -> None:
    if built.study_session_extension() not in statement["context"]["extensions"]:
        return
    lesson = activity_key(statement["object"]["id"], "lesson")
    parents = statement["context"].get("contextActivities", {}).get("parent", [])
    course = activity_key(parents[0]["id"], "course") if parents else None
    seconds = built.seconds_of((statement.get("result") or {}).get("duration", ""))
    if not (lesson and course and seconds):
        return
    updated = LessonStudyTime.objects.filter(user_id=user_id, lesson_key=lesson).update(
        seconds=F("seconds") + seconds, updated_at=timezone.now()
    )
    if not updated:
        LessonStudyTime.objects.create(
            user_id=user_id, lesson_key=lesson, course_key=course, seconds=seconds
        )


def _apply_video(user_id: int, statement: dict) -> None:
    key = activity_key(statement["object"]["id"], "video") or ""
    lesson, _dot, block = key.partition(".")
    if not block:
        return
    extensions = (statement.get("result") or {}).get("extensions") or {}
    segments = tk.parse_segments(extensions.get(built.SEGMENTS, ""))
    viewing = VideoViewing.objects.filter(
        user_id=user_id, lesson_key=lesson, block=block
    ).first()
    if viewing is None:
        return
    changes = {"segments": tk.union([*viewing.segments, *segments])}
    length = statement["context"]["extensions"].get(built.LENGTH)
    if isinstance(length, int | float) and length > 0:
        changes["length"] = float(length)
    if statement["verb"]["id"] == built.VIDEO_VERBS["completed"]:
        changes["completed_at"] = viewing.completed_at or parse_timestamp(
            statement["timestamp"], "timestamp"
        )
    VideoViewing.objects.filter(pk=viewing.pk).update(**changes)
