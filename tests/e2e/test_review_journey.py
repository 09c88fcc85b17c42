"""A trainer submits a course with its lessons and exam; the reviewer previews the
drafts and approves them in one step. Chromium, in Chinese and in English."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from assessments.models import Assessment, AssessmentKind
from courses.models import CoursePage, LessonPage
from people.demo import DEMO_PASSWORD
from tests.e2e.accounts import sign_in
from tests.factories.assessments import make_bank
from tests.factories.courses import add_lesson, catalogue

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.axe,
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "review-journey"
NO_LESSONS = {"zh-hans": "本课程还没有课节", "en": "This course has no lessons yet"}
EXAM = {"zh-hans": "共享实务结业考试", "en": "Data sharing final exam"}


@pytest.fixture
def draft_course(reference_data):
    """A new course the trainer has drafted: one lesson so far, no exam yet."""
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    trainer = get_user_model().objects.get(username="trainer")
    parent = catalogue()
    course = CoursePage(
        title="政务数据共享实务",
        slug="data-sharing",
        summary="如何在部门之间安全地共享政务数据。",
        live=False,
        owner=trainer,
        locale=parent.locale,
    )
    parent.add_child(instance=course)
    course.save_revision(user=trainer)
    lesson = add_lesson(course, "第1课 共享的原则", live=False)
    lesson.save_revision(user=trainer)
    make_bank(course=course, questions=3)
    return course


def _shot(page, language, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{language}-{name}.png"), full_page=True)


def _sign_in(page, base, username, language):
    page.context.clear_cookies()
    page.goto(base + "/")
    if language == "en":
        page.click("button[value=en]")
        page.wait_for_selector("html[lang=en]")
    sign_in(page, base, username, DEMO_PASSWORD)


def _press(page, selector):
    # Wagtail keeps the other actions in a dropdown; a click on the hidden
    # button is what choosing it from the menu does.
    page.locator(selector).first.evaluate("button => button.click()")


def _trainer_adds_the_exam(page, base, course, language):
    page.locator("ul.authoring-links a[href*='kind=exam']").click()
    page.wait_for_url("**/snippets/assessments/assessment/add/**")
    assert page.locator("#id_kind").input_value() == "exam"
    page.fill("#id_title", EXAM["zh-hans"])
    page.fill("#id_title_en", EXAM["en"])
    _shot(page, language, "1-exam-form")
    page.locator("button.action-save").first.click()
    page.wait_for_url(lambda url: "/add/" not in url)
    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    panel = page.locator("ul.authoring-links")
    assert EXAM[language] in panel.inner_text()
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{language}-1-course-editor.png"))


def _trainer_adds_a_lesson_and_submits(page, base, course, language):
    _sign_in(page, base, "trainer", language)
    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    _trainer_adds_the_exam(page, base, course, language)
    page.goto(f"{base}/admin/pages/add/courses/lessonpage/{course.pk}/")
    assert page.locator("[name=action-submit]").count() == 0  # reviewed with its course
    page.fill("#id_title", "第2课 共享的流程")
    # The slug is on the Promote tab: set it as the trainer would there.
    page.locator("#id_slug").evaluate("input => { input.value = 'lesson-2' }")
    page.fill("#id_summary", "共享申请、审批与使用。")
    page.locator("button.action-save").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    _shot(page, language, "2-lesson-draft")
    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    _press(page, "[name=action-submit]")
    page.wait_for_url(lambda url: f"/pages/{course.pk}/edit/" not in url)
    _shot(page, language, "3-submitted")
    page.goto(f"{base}/admin/pages/{course.pk}/view_draft/")
    assert (
        page.locator("form[action*='/start/']").count() == 0
    )  # a preview starts nothing


def _reviewer_previews_and_approves(page, base, course, language):
    _sign_in(page, base, "reviewer", language)
    page.goto(f"{base}/admin/")
    assert "政务数据共享实务" in page.locator("main").inner_text()
    _shot(page, language, "4-reviewer-dashboard")
    for width, name in ((1280, "5-preview"), (375, "6-preview-375")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/admin/pages/{course.pk}/view_draft/")
        syllabus = page.locator("ol.syllabus").inner_text()
        assert "第1课 共享的原则" in syllabus and "第2课 共享的流程" in syllabus
        assert NO_LESSONS[language] not in syllabus
        _shot(page, language, name)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    _press(
        page,
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])",
    )
    page.wait_for_url(lambda url: f"/pages/{course.pk}/edit/" not in url)
    _shot(page, language, "7-approved")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_trainer_submits_a_course_and_the_reviewer_approves_it_whole(
    draft_course, language, live_server, page
):
    print(f"screenshots in {SHOTS}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    _trainer_adds_a_lesson_and_submits(page, base, draft_course, language)
    _reviewer_previews_and_approves(page, base, draft_course, language)
    draft_course.refresh_from_db()
    assert draft_course.live
    exam = Assessment.objects.get(kind=AssessmentKind.EXAM)
    assert exam.course_id == draft_course.pk
    lessons = LessonPage.objects.child_of(draft_course)
    assert [lesson.live for lesson in lessons] == [True, True]
    page.goto(f"{base}/courses/data-sharing/")
    assert "第2课 共享的流程" in page.locator("ol.syllabus").inner_text()
    _shot(page, language, "8-live-course")
