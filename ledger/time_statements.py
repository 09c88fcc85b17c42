"""The statements of verified study time, built without a database.

Heartbeats are ``experienced`` a lesson with the credited ``duration`` and
the page's session; videos follow ADL's xAPI Video Profile
(https://w3id.org/xapi/video): initialized, played, paused, seeked and
completed, with the profile's time, progress and played-segments extensions.
Only statements under the platform's own authority move the projections
(``ledger.projection``): a client of the LRS may send the same shapes, and
they are stored and count for nothing.
"""

from datetime import datetime

from django.conf import settings

from xapi import vocabulary as v
from xapi.statements import platform_statement

VIDEO = "https://w3id.org/xapi/video"
VIDEO_TYPE = VIDEO + "/activity-type/video"
VIDEO_VERBS = {
    "initialized": v.INITIALIZED,
    "played": VIDEO + "/verbs/played",
    "paused": VIDEO + "/verbs/paused",
    "seeked": VIDEO + "/verbs/seeked",
    "completed": v.COMPLETED,
}
VERB_NAMES = {
    v.INITIALIZED: {"en-US": "initialized", "zh-CN": "开始"},
    VIDEO + "/verbs/played": {"en-US": "played", "zh-CN": "播放"},
    VIDEO + "/verbs/paused": {"en-US": "paused", "zh-CN": "暂停"},
    VIDEO + "/verbs/seeked": {"en-US": "seeked", "zh-CN": "跳转"},
    v.COMPLETED: {"en-US": "completed", "zh-CN": "完成"},
    v.EXPERIENCED: v.VERB_NAMES[v.EXPERIENCED],
}
EXT = VIDEO + "/extensions/"
TIME, TIME_FROM, TIME_TO = EXT + "time", EXT + "time-from", EXT + "time-to"
PROGRESS, SEGMENTS = EXT + "progress", EXT + "played-segments"
LENGTH, SESSION_ID = EXT + "length", EXT + "session-id"
THRESHOLD = EXT + "completion-threshold"


def study_session_extension() -> str:
    return f"{settings.SITE_BASE_URL}/xapi/extensions/study-session"


def video_key(lesson_key: str, block: str) -> str:
    return f"{lesson_key}.{block}"


def duration(seconds: int) -> str:
    """ISO 8601 duration of whole seconds (``PT90S``), as xAPI results carry it."""
    return f"PT{int(seconds)}S"


def seconds_of(text: str) -> int:
    """Read back ``duration``'s own shape; anything else counts as nothing."""
    if text.startswith("PT") and text.endswith("S") and text[2:-1].isdigit():
        return int(text[2:-1])
    return 0


def _activity(kind: str, key: str, type_: str | None = None) -> dict:
    activity = {"objectType": "Activity", "id": v.activity_iri(kind, key)}
    if type_:
        activity["definition"] = {"type": type_}
    return activity


def _statement(*, actor, verb, target, parent, when, language, result, context_ext):
    statement = platform_statement(
        actor=actor,
        verb={"id": verb, "display": VERB_NAMES[verb]},
        target=target,
        timestamp=when,
        language=v.language_tag(language),
        platform=v.PLATFORM,
        parent=parent,
        result=result,
    )
    statement["context"]["extensions"] = context_ext
    return statement


def heartbeat(
    *, actor, ticket, session: str, seconds: int, when: datetime, language: str
) -> dict:
    """``experienced`` the lesson for ``seconds`` of verified time in this session."""
    return _statement(
        actor=actor,
        verb=v.EXPERIENCED,
        target=_activity("lesson", ticket.lesson_key, v.LESSON),
        parent=_activity("course", ticket.course_key, v.COURSE),
        when=when,
        language=language,
        result={"duration": duration(seconds)},
        context_ext={study_session_extension(): session},
    )


def video_event(
    *,
    actor,
    ticket,
    session,
    block,
    event,
    when,
    language,
    length,
    extensions,
    result=None,
) -> dict:
    """One Video Profile statement; ``extensions`` are its result extensions."""
    outcome = dict(result or {})
    if extensions:
        outcome["extensions"] = extensions
    statement = _statement(
        actor=actor,
        verb=VIDEO_VERBS[event],
        target=_activity("video", video_key(ticket.lesson_key, block), VIDEO_TYPE),
        parent=_activity("lesson", ticket.lesson_key, v.LESSON),
        when=when,
        language=language,
        result=outcome or None,
        context_ext={
            SESSION_ID: session,
            LENGTH: round(length, 3),
            **({THRESHOLD: 0.95} if event == "completed" else {}),
        },
    )
    statement["context"]["contextActivities"]["category"] = [{"id": VIDEO}]
    return statement
