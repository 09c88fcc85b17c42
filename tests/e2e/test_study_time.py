"""Verified study time in headless Chromium: the clock stops when hidden or idle,
a second window does not count, a forbidden skip is refused, and the minimum
time holds the confirmation back until it is reached."""

import io
import time
from pathlib import Path

import pytest
from django.core.files import File
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection

from courses import services as courses
from courses.models import LessonPage, LessonProgress
from ledger.models import LessonStudyTime, StudyClock, StudyPolicy, VideoViewing
from people.demo import DEMO_PASSWORD
from people.models import StaffMember
from tests.e2e.accounts import sign_in
from tests.factories.courses import make_course

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The page's script posts while the learner acts, so requests overlap;
    # SQLite's shared in-memory test database answers overlapping writes
    # with "table is locked". CI runs these on PostgreSQL.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="overlapping writes need PostgreSQL"
    ),
]
CLIP = Path(__file__).resolve().parent.parent / "fixtures" / "clip.webm"
COUNTING = "Study time is being counted."


@pytest.fixture
def lesson(reference_data, settings):
    settings.STUDY_BEAT_SECONDS = 1
    settings.STUDY_IDLE_SECONDS = 3
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    learner = StaffMember.objects.get(user__username="learner").user
    # A transactional test starts from empty tables: no root collection.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = Document(title="讲解视频")
    with CLIP.open("rb") as clip:
        document.file.save("clip.webm", File(clip), save=True)
    course = make_course(
        "政务数据安全",
        lessons=1,
        body=[
            ("rich_text", "<p>先看视频，再确认本课。</p>"),
            ("video", {"file": document, "forbid_skipping": True}),
        ],
    )
    courses.start_course(user=learner, course=course)
    lesson = course.get_children().first()
    # One estimated minute, a fifth of it required: 12 verified seconds.
    LessonPage.objects.filter(pk=lesson.pk).update(estimated_minutes=1)
    StudyPolicy.objects.create(year=timezone.now().year, minimum_time_share=20)
    return LessonPage.objects.get(pk=lesson.pk)


def seconds() -> int:
    row = LessonStudyTime.objects.first()
    return row.seconds if row else 0


def busy(page, duration: float) -> None:
    """Be a learner reading: move the pointer now and then for ``duration`` seconds."""
    end = time.monotonic() + duration
    x = 10
    while time.monotonic() < end:
        x = 10 + (x + 37) % 300
        page.mouse.move(x, 200)
        page.wait_for_timeout(300)


def set_visibility(page, state: str) -> None:
    page.evaluate(
        """state => {
          Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
          document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def in_english(page, base: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])


def status(page) -> str:
    return page.locator("[data-study-status]").inner_text()


# ``page`` comes after ``lesson`` so that the browser closes (its script
# stops beating) before the database is emptied.
def test_the_clock_counts_only_time_in_front_of_the_learner(
    browser, live_server, lesson, page
):
    in_english(page, live_server.url)
    sign_in(page, live_server.url, "learner", DEMO_PASSWORD)
    page.goto(live_server.url + lesson.url)
    page.wait_for_selector(f"text={COUNTING}")
    confirm = page.locator("[data-study-confirm]")
    assert confirm.is_disabled()
    assert "another" in page.locator("[data-study-left]").inner_text()

    busy(page, 4)
    counted = seconds()
    assert 2 <= counted <= 5

    # No input: the clock stops after the idle time and credits nothing more.
    page.wait_for_selector("text=no activity for a few minutes", timeout=8000)
    idle = seconds()
    page.wait_for_timeout(3000)
    assert seconds() == idle

    # Hidden (another tab, a minimised window). Headless Chromium keeps
    # every tab visible, so the page is told what a real browser tells it.
    busy(page, 2)
    set_visibility(page, "hidden")
    page.wait_for_selector("text=the page is not in view")
    hidden = seconds()
    page.wait_for_timeout(2500)
    assert seconds() == hidden
    assert StudyClock.objects.get().session is None
    set_visibility(page, "visible")
    busy(page, 2)
    page.wait_for_selector(f"text={COUNTING}")

    # The same account signed in on a second device: it waits while the
    # first counts, and the minutes counted never exceed the time that passed.
    device = browser.new_context(locale="en-US")
    other = device.new_page()
    in_english(other, live_server.url)
    sign_in(other, live_server.url, "learner", DEMO_PASSWORD)
    other.goto(live_server.url + lesson.url)
    started, before = time.monotonic(), seconds()
    for _round in range(8):
        busy(page, 0.3)
        busy(other, 0.3)
    other.wait_for_selector("text=being counted in another window")
    assert seconds() - before <= time.monotonic() - started + 1
    device.close()


def test_a_forbidden_skip_is_refused_and_the_watched_video_counts(
    live_server, lesson, page
):
    in_english(page, live_server.url)
    sign_in(page, live_server.url, "learner", DEMO_PASSWORD)
    page.goto(live_server.url + lesson.url)
    video = page.locator("video[data-video-block]")
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('video').currentTime > 1")
    page.evaluate("() => { document.querySelector('video').currentTime = 10; }")
    page.wait_for_selector("text=cannot be skipped ahead")
    assert video.evaluate("v => v.currentTime") < 4
    page.evaluate("() => { document.querySelector('video').playbackRate = 2; }")
    page.wait_for_function("() => document.querySelector('video').ended", timeout=20000)
    for _round in range(30):
        if not page.locator("[data-study-confirm]").is_disabled():
            break
        busy(page, 1)
    viewing = VideoViewing.objects.get()
    assert viewing.completed_at is not None
    assert viewing.segments[0][0] == 0 and viewing.segments[0][1] >= 11.4
    lesson_url = page.url
    page.locator("[data-study-confirm]").click(no_wait_after=True)
    # The course's only lesson: confirming it completes the course.
    page.wait_for_url(lambda url: url != lesson_url, timeout=20000)
    page.wait_for_selector("ul.messages li.success", timeout=20000)
    assert LessonProgress.objects.count() == 1
    assert seconds() >= 12
