"""A real cmi5 course in headless Chromium: CATAPULT's mastery-score course, imported
with ``manage.py import_cmi5``, opened by the learner from its lesson, passed, and
completing that lesson through the statements the AU and the LMS made."""

import io
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from courses import services as courses
from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress
from packages.cmi5_models import Cmi5Course
from people.models import StaffMember
from tests.e2e.accounts import open_activity
from tests.factories.courses import catalogue
from xapi.models import Statement

COURSE = Path("/work/shared/packages/cmi5_catapult_masteryscore_responsive.zip")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "cmi5-course"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The AU writes its State and statements while the lesson page's clock
    # beats; SQLite's shared in-memory test database answers overlapping
    # writes with "table is locked". CI runs these on PostgreSQL.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="overlapping writes need PostgreSQL"
    ),
]


@pytest.fixture
def site(package_site):
    return package_site


def imported_lesson():
    if not COURSE.exists():
        pytest.skip(f"{COURSE} is not here: the shared sample packages are missing")
    # The flushed database has only the Wagtail root; the import needs the
    # English catalogue that `make setup` builds.
    catalogue("en")
    call_command(
        "import_cmi5",
        str(COURSE),
        "--language",
        "en",
        "--publish",
        stdout=io.StringIO(),
    )
    course = CoursePage.objects.get(title__startswith="Introduction to Geology")
    learner = StaffMember.objects.get(user__username="learner").user
    courses.start_course(user=learner, course=course)
    return learner, course, LessonPage.objects.child_of(course).get()


def wait_until(check, message: str, rounds: int = 150):
    for _round in range(rounds):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def verbs_about(activity_id: str) -> list[str]:
    rows = Statement.objects.filter(data__object__id=activity_id)
    return [row.verb_id.rsplit("/", 1)[1] for row in rows.order_by("stored")]


def test_a_learner_passes_a_cmi5_au_and_its_lesson_completes(site, page):
    learner, course, lesson = imported_lesson()
    au_id = Cmi5Course.objects.get().activity_id("au", 0)
    au = open_activity(page, site, lesson, timeout=20000)
    wait_until(lambda: "initialized" in verbs_about(au_id), "the AU did not initialize")
    assert not LessonProgress.objects.filter(user=learner).exists()

    # The AU shows its first page once it has looked for a bookmark (none yet).
    au.locator(".navmenuitem.seen").first.wait_for()
    au.locator(".navmenuitem", has_text="Quiz").click()
    au.get_by_role("button", name="(Select correct answers) ✓").click()
    au.get_by_role("button", name="Submit Answers").click()
    wait_until(
        lambda: LessonProgress.objects.filter(
            user=learner, lesson_key=lesson.translation_key
        ).exists(),
        "passing the AU did not complete its lesson",
    )
    au.locator("#score-panel").get_by_role("button", name="Exit the Course").click()
    # The AU ends its session and follows returnURL: the lesson page.
    au.wait_for_url(site + lesson.url, timeout=20000)
    wait_until(lambda: "terminated" in verbs_about(au_id), "the AU did not terminate")
    verbs = verbs_about(au_id)
    assert verbs[:2] == ["launched", "initialized"]
    assert {"passed", "completed"} <= set(verbs) and verbs[-1] == "terminated"
    assert verbs_about(lesson.activity_id)[-1] == "completed"
    # One lesson, passed: the course is complete by its own rule.
    assert (
        Enrolment.objects.get(user=learner, course_key=course.translation_key).status
        == "completed"
    )
    # The same lesson in Chinese at phone width, as most learners open it.
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": site}]
    )
    page.goto(site + lesson.url)
    assert page.get_by_role("button", name="打开学习活动").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lesson-done-phone-zh.png"), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, "the lesson page scrolls sideways at phone width"
    # The lesson page's study clock beats while it is open; leaving it keeps
    # its last beat from racing the database flush after the test.
    page.goto("about:blank")
