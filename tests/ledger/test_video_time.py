"""Videos under ADL's xAPI Video Profile: watched segments, skipping refused, confirmation."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from wagtail.documents.models import Document

from courses import services as courses
from courses.exceptions import CourseError
from ledger import time_statements as built
from ledger import timekeeping as tk
from ledger.lesson_panel import lesson_videos
from ledger.models import VideoViewing
from ledger.services.studytime import VideoRefused
from ledger.services.videos import record_video_event
from tests.factories.courses import make_course
from xapi.models import Statement

pytestmark = pytest.mark.django_db
T0 = timezone.now().replace(microsecond=0)


def video_lesson(staff, *, strict=True):
    document = Document(title="讲解视频")
    document.file.save("clip.webm", ContentFile(b"\x1aE\xdf\xa3"), save=True)
    course = make_course(
        "视频课",
        lessons=1,
        body=[
            ("rich_text", "<p>先看视频。</p>"),
            ("video", {"file": document, "forbid_skipping": strict}),
        ],
    )
    courses.start_course(user=staff.user, course=course)
    return course.get_children().specific().first()


@pytest.fixture
def lesson(staff):
    return video_lesson(staff)


def ticket_for(user, lesson):
    return tk.new_ticket(
        user_id=user.pk,
        lesson_key=lesson.translation_key,
        course_key=lesson.course_key,
        minutes=lesson.estimated_minutes,
        videos=lesson_videos(lesson),
        now=T0.timestamp(),
    )


class Player:
    def __init__(self, user, lesson):
        self.user, self.ticket = user, ticket_for(user, lesson)
        self.block = next(iter(self.ticket.videos))
        self.session = str(uuid.uuid4())

    def send(self, event, at, position=0.0, **extra):
        return record_video_event(
            user=self.user,
            ticket=self.ticket,
            session=self.session,
            block=self.block,
            event=event,
            position=position,
            now=T0 + timedelta(seconds=at),
            **extra,
        )


def test_the_lessons_video_files_are_found_with_their_rule(staff, lesson):
    assert list(lesson_videos(lesson).values()) == [True]


def test_segments_come_from_the_server_clock_and_skipping_ahead_is_refused(
    staff, lesson
):
    player = Player(staff.user, lesson)
    player.send("initialized", 0, length=12.0)
    player.send("played", 1, 0.0)
    viewing = player.send("paused", 7, 6.0)
    assert viewing.segments == [[0.0, 6.0]]
    with pytest.raises(VideoRefused) as refused:
        player.send("seeked", 8, 6.0, to=11.0)
    assert refused.value.furthest == 6.0
    with pytest.raises(VideoRefused):
        player.send("played", 8, 10.0)
    # Going back is always allowed.
    player.send("seeked", 9, 6.0, to=2.0)
    player.send("played", 10, 2.0)
    # A play that claims 10 seconds of video after 1 second is cut to what
    # the time allows (twice real time, plus slack).
    viewing = player.send("paused", 11, 12.0)
    assert viewing.segments == [[0.0, 6.0]]
    with pytest.raises(VideoRefused):
        player.send("completed", 12, 12.0)
    player.send("played", 20, 6.0)
    player.send("paused", 26, 12.0)
    viewing = player.send("completed", 26, 12.0)
    assert viewing.completed_at is not None
    # Once watched to the end, the learner may skip freely.
    player.send("seeked", 27, 12.0, to=3.0)
    verbs = list(
        Statement.objects.filter(verb_id__startswith=built.VIDEO).values_list(
            "verb_id", flat=True
        )
    )
    assert built.VIDEO_VERBS["seeked"] in verbs
    done = Statement.objects.get(verb_id=built.VIDEO_VERBS["completed"]).data
    assert done["result"]["completion"] is True
    assert done["result"]["extensions"][built.SEGMENTS] == "0[.]12"
    assert done["result"]["extensions"][built.PROGRESS] == 1.0
    assert done["context"]["contextActivities"]["category"] == [{"id": built.VIDEO}]
    assert done["context"]["extensions"][built.LENGTH] == 12.0


def test_a_video_that_may_be_skipped_accepts_the_seek(staff):
    lesson = video_lesson(staff, strict=False)
    player = Player(staff.user, lesson)
    player.send("initialized", 0, length=12.0)
    player.send("seeked", 1, 0.0, to=11.0)
    # It still counts only what was played.
    assert VideoViewing.objects.get().segments == []


def test_an_unwatched_required_video_holds_the_confirmation(staff, lesson):
    with translation.override("en"), pytest.raises(CourseError, match="video"):
        courses.complete_lesson(user=staff.user, lesson=lesson)
    player = Player(staff.user, lesson)
    player.send("initialized", 0, length=12.0)
    player.send("played", 1, 0.0)
    player.send("paused", 13, 12.0)
    player.send("completed", 13, 12.0)
    courses.complete_lesson(user=staff.user, lesson=lesson)


@pytest.mark.parametrize(
    ("event", "position", "extra"),
    [
        ("initialized", 0, {"length": 0}),
        ("initialized", 0, {"length": 10**9}),
        ("played", -1, {}),
        ("played", float("nan"), {}),
        ("dance", 0, {}),
    ],
)
def test_nonsense_is_refused_and_records_nothing(staff, lesson, event, position, extra):
    player = Player(staff.user, lesson)
    if event != "initialized":
        player.send("initialized", 0, length=12.0)
    before = Statement.objects.count()
    with pytest.raises(VideoRefused):
        player.send(event, 1, position, **extra)
    assert Statement.objects.count() == before


def test_another_lessons_block_is_refused(staff, lesson):
    player = Player(staff.user, lesson)
    player.block = "not-a-block"
    with pytest.raises(VideoRefused):
        player.send("initialized", 0, length=12.0)
