"""SCORM 1.2 and 2004 packages in headless Chromium: Rustici's golf samples play
in the player on the package origin, resume where the learner left them, pass
their quiz, and complete the lesson through their statements in the LRS."""

import json
import time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files import File
from django.db import connection

from courses import services as courses
from courses.models import LessonProgress
from packages.models import Package
from people.models import StaffMember
from tests.e2e.accounts import open_activity
from tests.factories.courses import make_course
from xapi.models import Document, Statement

SHARED = Path("/work/shared/packages")
SCORM12 = SHARED / "scorm12_RuntimeBasicCalls_singlescobasic.zip"
SCORM2004 = SHARED / "scorm2004-3rd_RuntimeBasicCalls_SCORM20043rdEdition.zip"
PROFILE = "https://w3id.org/xapi/scorm"
VERBS = "http://adlnet.gov/expapi/verbs/"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The player reads every SCO's State at once while the lesson page's
    # scripts post; SQLite's shared in-memory test database answers
    # overlapping writes with "table is locked". CI runs these on PostgreSQL.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="overlapping writes need PostgreSQL"
    ),
]


def scorm_lesson(path: Path):
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared sample packages are missing")
    with path.open("rb") as handle:
        package = Package(title="高尔夫入门", file=File(handle, name=path.name))
        package.save()
    body = [("package", {"package": package, "button_label": ""})]
    course = make_course("课件试播课程", lessons=1, body=body)
    learner = StaffMember.objects.get(user__username="learner").user
    courses.start_course(user=learner, course=course)
    return package, course.lessons().first()


@pytest.fixture
def site(package_site):
    return package_site


def open_player(page, base: str, lesson):
    player = open_activity(page, base, lesson)
    # The lesson page's study clock beats while it is open; leaving it now
    # keeps its last beat from racing the database flush after the test.
    page.goto("about:blank")
    # The golf SCO asks with confirm() whether to resume; the learner agrees.
    player.on("dialog", lambda dialog: dialog.accept())
    return player


def content(player):
    """The SCO's own page (launchpage.html) and the page it shows inside it."""
    sco = player.frame_locator("iframe[name=scorm-content]")
    return sco, sco.frame_locator("#contentFrame")


def showing(player, name: str) -> None:
    player.wait_for_function(
        """name => {
          const sco = document.querySelector("iframe[name=scorm-content]");
          const inner = sco && sco.contentDocument &&
            sco.contentDocument.getElementById("contentFrame");
          return !!inner && inner.contentWindow.location.href.includes(name);
        }""",
        arg=name,
    )


def stored_cmi(sco_id: str) -> dict:
    """The SCO's cmi data as the LRS holds it, once the player has saved it."""
    for _round in range(100):
        document = Document.objects.filter(
            kind=Document.Kind.STATE, activity_id=sco_id, document_id="scorm.cmi"
        ).first()
        if document is not None:
            return json.loads(bytes(document.content))
        time.sleep(0.1)
    raise AssertionError(f"no State document for {sco_id}")


def wait_until(check, message: str, rounds: int = 150):
    for _round in range(rounds):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def leave_and_come_back(player, sco_id: str, location_key):
    """Leave the player (the SCO suspends), then open the same address again."""
    address = player.url
    player.goto("about:blank")
    wait_until(
        lambda: location_key(stored_cmi(sco_id)["cmi"]) == "3",
        "the bookmark was not saved",
    )
    player.goto(address)


def pass_the_quiz(player) -> None:
    """Answer every question right, as the quiz's own data says, and submit."""
    showing(player, "assessmenttemplate.html")
    quiz = next(frame for frame in player.frames if "assessmenttemplate" in frame.url)
    quiz.wait_for_function(
        "() => typeof SubmitAnswers === 'function' && !!document.getElementById('test')"
    )
    quiz.evaluate(
        """() => {
          for (const q of test.Questions) {
            const id = "question_" + q.Id + "_";
            if (q.Type === "choice") {
              document.getElementById(id + q.Answers.indexOf(q.CorrectAnswer)).checked = true;
            } else if (q.Type === "true-false") {
              document.getElementById(id + (q.CorrectAnswer ? "True" : "False")).checked = true;
            } else {
              document.getElementById(id + "Text").value = String(q.CorrectAnswer);
            }
          }
          SubmitAnswers();
        }"""
    )


def next_pages(player, count: int) -> None:
    sco, _inner = content(player)
    for _page in range(count):
        sco.locator("#butNext").click()


def to_the_last_page(player) -> None:
    """Page on until Next is disabled: the golf course's last page is its quiz."""
    button = content(player)[0].locator("#butNext")
    for _page in range(20):
        if button.is_disabled():
            return
        button.click()
    raise AssertionError("the course has no last page")


def about(activity_id: str):
    return Statement.objects.filter(data__object__id=activity_id)


def verbs_about(activity_id: str) -> list[str]:
    rows = about(activity_id).order_by("stored", "timestamp")
    return [row.verb_id.removeprefix(VERBS) for row in rows]


def check_profile(activity_id: str) -> None:
    for row in about(activity_id):
        context = row.data["context"]["contextActivities"]
        assert [item["id"] for item in context["category"]] == [PROFILE]


def test_a_scorm_12_package_resumes_passes_and_completes_the_lesson(site, page):
    package, lesson = scorm_lesson(SCORM12)
    sco_id = package.scos[0]["activity_id"]
    player = open_player(page, site, lesson)
    assert player.url.startswith(site.replace("localhost", "127.0.0.1"))
    showing(player, "Playing/Playing.html")
    next_pages(player, 3)
    showing(player, "Playing/OtherScoring.html")

    leave_and_come_back(player, sco_id, lambda cmi: cmi["core"]["lesson_location"])
    assert stored_cmi(sco_id)["cmi"]["core"]["exit"] == "suspend"
    # Back where the learner left: the fourth page, not the first.
    showing(player, "Playing/OtherScoring.html")
    assert not LessonProgress.objects.filter(lesson_key=lesson.translation_key).exists()

    to_the_last_page(player)
    pass_the_quiz(player)
    content(player)[0].locator("#butExit").click()
    player.get_by_text(
        "You have completed every part of this activity"
    ).first.wait_for()

    wait_until(
        lambda: LessonProgress.objects.filter(
            lesson_key=lesson.translation_key
        ).exists(),
        "the lesson was not completed",
    )
    verbs = verbs_about(sco_id)
    assert verbs[0] == "initialized"
    assert verbs.count("initialized") == verbs.count("terminated") == 2
    assert {"suspended", "resumed", "completed", "scored", "passed"} <= set(verbs)
    check_profile(sco_id)
    assert verbs_about(package.activity_id) == ["completed"]
    settled(package)
    cmi = stored_cmi(sco_id)["cmi"]["core"]
    assert (cmi["lesson_status"], cmi["score"]["raw"]) == ("passed", "100")


def test_a_scorm_2004_package_resumes_reports_and_completes_the_lesson(site, page):
    package, lesson = scorm_lesson(SCORM2004)
    sco_id = package.scos[0]["activity_id"]
    player = open_player(page, site, lesson)
    showing(player, "Playing/Playing.html")
    next_pages(player, 3)

    leave_and_come_back(player, sco_id, lambda cmi: cmi["location"])
    showing(player, "Playing/OtherScoring.html")

    to_the_last_page(player)
    pass_the_quiz(player)
    # An interaction reported by the content, as a SCO's quiz would.
    content(player)[0].locator("#butExit").evaluate(
        """() => {
          const api = window.parent.API_1484_11;
          api.SetValue("cmi.interactions.0.id", "par-question");
          api.SetValue("cmi.interactions.0.type", "choice");
          api.SetValue("cmi.interactions.0.learner_response", "eagle");
          api.SetValue("cmi.interactions.0.result", "correct");
        }"""
    )
    content(player)[0].locator("#butExit").click()
    player.get_by_text(
        "You have completed every part of this activity"
    ).first.wait_for()

    wait_until(
        lambda: LessonProgress.objects.filter(
            lesson_key=lesson.translation_key
        ).exists(),
        "the lesson was not completed",
    )
    verbs = verbs_about(sco_id)
    assert verbs.count("initialized") == verbs.count("terminated") == 2
    assert {"suspended", "resumed", "completed", "scored", "passed"} <= set(verbs)
    check_profile(sco_id)
    answered = about(f"{sco_id}/interactions/par-question").get()
    assert answered.verb_id == VERBS + "responded"
    assert answered.data["result"] == {"response": "eagle", "success": True}
    cmi = stored_cmi(sco_id)["cmi"]
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    settled(package)


def test_a_multi_sco_package_completes_the_lesson_when_every_sco_is_done(site, page):
    package, lesson = scorm_lesson(SHARED / "scorm12_RuntimeMinimumCalls_SCORM12.zip")
    player = open_player(page, site, lesson)
    parts = player.locator("[data-scorm-parts] button")
    statuses = player.locator("[data-scorm-parts] .scorm-part-status")
    parts.nth(17).wait_for()
    assert parts.count() == 18
    # These SCOs only call LMSInitialize and LMSFinish: leaving each for the
    # next one finishes it, and SCORM 1.2 counts a finished SCO as completed.
    ids = [sco["activity_id"] for sco in package.scos]
    for index in range(1, 18):
        started(ids[index - 1])
        parts.nth(index).click()
        expect_text(statuses.nth(index - 1), "Completed")
    assert not LessonProgress.objects.filter(lesson_key=lesson.translation_key).exists()
    started(ids[17])
    expect_text(statuses.nth(16), "Completed")
    # Leaving the player unloads the last SCO, which finishes it.
    player.goto("about:blank")
    settled(package)
    wait_until(
        lambda: LessonProgress.objects.filter(
            lesson_key=lesson.translation_key
        ).exists(),
        "the lesson was not completed",
    )
    assert all("completed" in verbs_about(sco_id) for sco_id in ids)
    assert verbs_about(package.activity_id) == ["completed"]


def settled(package) -> None:
    """Wait for the player's last write: the lesson's completion kept as State.

    Nothing is then left in flight to race the database flush after the test.
    """
    wait_until(
        lambda: Document.objects.filter(
            activity_id=package.activity_id, document_id="scorm.lesson"
        ).exists(),
        "the lesson's completion was not kept as State",
        # Completing the course issues its certificate (a PDF) before the
        # LRS answers, and only then does the player write this document.
        rounds=900,
    )


def started(sco_id: str) -> None:
    """Wait for the SCO on screen to have called LMSInitialize, as the LRS shows."""
    wait_until(lambda: "initialized" in verbs_about(sco_id), f"{sco_id} did not start")


def expect_text(locator, text: str) -> None:
    locator.filter(has_text=text).wait_for()


def test_a_scorm_2004_4th_edition_jump_opens_the_test_and_one_sco_is_not_the_lesson(
    site, page
):
    package, lesson = scorm_lesson(
        SHARED / "scorm2004-4th_SequencingPostTestRollup4thEd_SCORM20044thEdition.zip"
    )
    # The package loads jQuery and jQuery UI from Google's CDN, out of reach
    # here: the same libraries come from Wagtail's static files instead.
    libraries = {
        "/jquery/": Path(finders.find("wagtailadmin/js/vendor/jquery-3.6.0.min.js")),
        "/jqueryui/": Path(
            finders.find("wagtailadmin/js/vendor/jquery-ui-1.13.2.min.js")
        ),
    }
    page.context.route(
        "https://ajax.googleapis.com/**",
        lambda route: route.fulfill(
            content_type="text/javascript",
            body=next(
                path.read_bytes()
                for part, path in libraries.items()
                if part in route.request.url
            ),
        ),
    )
    player = open_player(page, site, lesson)
    ids = [sco["activity_id"] for sco in package.scos]
    # Playwright answers routed requests only while the test calls it.
    player.locator("[data-scorm-parts] button").nth(4).wait_for()
    player.wait_for_timeout(2000)
    started(ids[0])
    to_the_last_page(player)
    # The content SCO is completed at its last page and commits.
    wait_until(
        lambda: stored_cmi(ids[0])["cmi"]["completion_status"] == "completed",
        "the first SCO did not commit its completion",
    )
    # "Skip to the Test": adl.nav.request={target=assessment_item}jump.
    content(player)[0].locator("#butJump").click()
    player.wait_for_timeout(2000)
    started(ids[4])
    pass_the_quiz(player)
    wait_until(
        lambda: "passed" in verbs_about(ids[4]), "the test did not report a pass"
    )
    wait_until(
        lambda: stored_cmi(ids[4])["cmi"]["success_status"] == "passed",
        "the test's result was not kept",
    )
    # Leave the player before the database is emptied: the unloading test
    # sends its last requests now rather than during the flush.
    player.goto("about:blank")
    player.wait_for_timeout(1000)
    # Three SCOs were never opened: the lesson is not complete.
    assert not LessonProgress.objects.filter(lesson_key=lesson.translation_key).exists()
    assert verbs_about(package.activity_id) == []
