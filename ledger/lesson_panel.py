"""The lesson page's study clock: a ticket for its heartbeats, and what is left.

Registered with ``courses.extensions`` in ``LedgerConfig.ready``. The lesson
view has already checked that the learner has started the course, so the
ticket it carries is what the heartbeat and video endpoints trust.
"""

import json

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import timekeeping as tk
from .models import VideoViewing
from .services.studytime import seconds_left, time_rules, verified_seconds


def lesson_videos(lesson) -> dict[str, bool]:
    """The lesson's video files by block id, each with whether skipping is forbidden.

    Read from the raw StreamField data: no document is loaded. Embedded
    videos play on another site and report nothing, so they are left out.
    """
    found = {}
    for block in lesson.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "video" and value.get("file") and block.get("id"):
            found[str(block["id"])] = bool(value.get("forbid_skipping"))
    return found


def lesson_panel(request, lesson, completed: bool) -> str:
    user = request.user
    if not user.is_authenticated or lesson.course_key is None:
        return ""
    now = timezone.now()
    ticket = tk.new_ticket(
        user_id=user.pk,
        lesson_key=lesson.translation_key,
        course_key=lesson.course_key,
        minutes=lesson.estimated_minutes,
        videos=lesson_videos(lesson),
        now=now.timestamp(),
    )
    videos = ticket.videos
    have = verified_seconds(user.pk, lesson.translation_key)
    rules = time_rules(now.year)
    left = 0 if completed else seconds_left(user, lesson, now=now, have=have)
    return render_to_string(
        "ledger/study_clock.html",
        {
            "ticket": ticket.sign(),
            "beat_url": reverse("ledger:beat"),
            "video_url": reverse("ledger:video"),
            "minutes": have // 60,
            "cap_minutes": tk.cap_seconds(lesson.estimated_minutes, rules.cap_factor)
            // 60,
            "left_minutes": -(-left // 60),
            "left_seconds": left,
            "have_seconds": have,
            # Settings only so that the browser tests need not wait minutes.
            "beat_seconds": getattr(settings, "STUDY_BEAT_SECONDS", tk.BEAT_SECONDS),
            "idle_seconds": getattr(settings, "STUDY_IDLE_SECONDS", tk.IDLE_SECONDS),
            "videos_json": json.dumps(_watched(user, lesson, videos))
            if videos
            else "{}",
        },
        request=request,
    )


def _watched(user, lesson, videos) -> dict:
    """How far each of the lesson's videos has been watched, for the player's checks."""
    rows = VideoViewing.objects.filter(
        user=user, lesson_key=lesson.translation_key, block__in=list(videos)
    ).values_list("block", "segments", "completed_at")
    return {
        block: {"furthest": tk.furthest(segments), "completed": done is not None}
        for block, segments, done in rows
    }
