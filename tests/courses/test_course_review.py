"""A course is reviewed as one piece: its lessons go to the reviewer with it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Workflow, WorkflowState

from courses.models import CoursePage, LessonPage
from people.roles import REVIEWER, TRAINER
from tests.factories.courses import catalogue
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

COURSE_FIELDS = {
    "summary": "如何在部门之间安全地共享政务数据。",
    "objectives": "说明共享的原则",
    "topics": "数据共享",
    "kind": "elective",
    "completion_rule": "lessons",
    "estimated_minutes": "90",
    "prerequisite_links-TOTAL_FORMS": "0",
    "prerequisite_links-INITIAL_FORMS": "0",
    "prerequisite_links-MIN_NUM_FORMS": "0",
    "prerequisite_links-MAX_NUM_FORMS": "1000",
}


def user_in(role, username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def trainer():
    return user_in(TRAINER, "trainer1")


@pytest.fixture
def reviewer():
    return user_in(REVIEWER, "reviewer1")


def lesson_form(title, slug, text, **extra):
    return {
        "title": title,
        "slug": slug,
        "summary": f"{title}的简介",
        "estimated_minutes": "15",
        "body-count": "1",
        "body-0-type": "rich_text",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": f'{{"blocks":[{{"key":"a","type":"unstyled","depth":0,"text":"{text}","inlineStyleRanges":[],"entityRanges":[]}}],"entityMap":{{}}}}',
        **extra,
    }


def new_course_with_lessons(client, trainer, lessons=2):
    """Draft a course and its lessons as a trainer would, then submit the course."""
    client.force_login(trainer)
    parent = catalogue()
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{parent.pk}/",
        {"title": "政务数据共享实务", "slug": "data-sharing", **COURSE_FIELDS},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(slug="data-sharing")
    for number in range(1, lessons + 1):
        response = client.post(
            f"/admin/pages/add/courses/lessonpage/{course.pk}/",
            lesson_form(f"第{number}课 共享原则", f"lesson-{number}", f"正文{number}"),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        f"/admin/pages/{course.pk}/edit/",
        {
            "title": course.title,
            "slug": course.slug,
            **COURSE_FIELDS,
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return CoursePage.objects.get(pk=course.pk)


def decide(client, reviewer, course, action, comment=""):
    task_state = course.current_workflow_state.current_task_state
    client.force_login(reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[course.pk, action, task_state.pk],
        ),
        {"comment": comment},
    )
    assert response.status_code in (200, 302)


def test_a_new_lesson_cannot_be_submitted_on_its_own(client, trainer):
    course = new_course_with_lessons(client, trainer, lessons=0)
    response = client.get(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
    assert 'name="action-submit"' not in response.content.decode()
    response = client.post(
        f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        lesson_form("第1课", "lesson-1", "正文", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="lesson-1")
    assert not lesson.live
    assert lesson.current_workflow_state is None


def test_the_reviewer_previews_a_new_course_with_its_draft_lessons(
    client, trainer, reviewer
):
    course = new_course_with_lessons(client, trainer)
    client.force_login(reviewer)
    with translation.override("zh-hans"):
        response = client.get(
            reverse("wagtailadmin_pages:view_draft", args=[course.pk])
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "第1课 共享原则" in html and "第2课 共享原则" in html
    assert "本课程还没有课节" not in html


def test_one_approval_publishes_the_course_and_every_lesson(client, trainer, reviewer):
    course = new_course_with_lessons(client, trainer)
    assert WorkflowState.objects.count() == 1  # one review, not one per lesson
    decide(client, reviewer, course, "approve", "同意发布。")
    course.refresh_from_db()
    assert course.live
    lessons = LessonPage.objects.child_of(course)
    assert [lesson.live for lesson in lessons] == [True, True]
    assert not any(lesson.has_unpublished_changes for lesson in lessons)
    assert [lesson.title for lesson in course.lessons()] == [
        "第1课 共享原则",
        "第2课 共享原则",
    ]


def test_lessons_stay_drafts_when_the_reviewer_requests_changes(
    client, trainer, reviewer
):
    course = new_course_with_lessons(client, trainer)
    decide(client, reviewer, course, "reject", "请补充案例。")
    assert not LessonPage.objects.child_of(course).live().exists()
    # Back with the trainer: the lessons are editable again.
    assert LessonPage.objects.child_of(course).first().get_lock() is None
    course.refresh_from_db()
    assert not course.live


def test_the_trainer_reads_the_reviewers_comment_in_the_editor(
    client, trainer, reviewer
):
    course = new_course_with_lessons(client, trainer)
    decide(client, reviewer, course, "reject", "请补充第二课的案例。")
    client.force_login(trainer)
    lesson = LessonPage.objects.child_of(course).first()
    for page in (course, lesson):
        with translation.override("zh-hans"):
            response = client.get(f"/admin/pages/{page.pk}/edit/")
        html = response.content.decode()
        panel = html[html.index('class="help-block help-warning review-comment"') :]
        assert "请补充第二课的案例。" in panel[: panel.index("</div>")]


def test_a_lesson_is_locked_while_its_course_is_in_review(client, trainer, reviewer):
    course = new_course_with_lessons(client, trainer)
    lesson = LessonPage.objects.child_of(course).first()
    assert lesson.get_lock().for_user(trainer)
    assert not lesson.get_lock().for_user(reviewer)
    client.force_login(trainer)
    client.post(
        f"/admin/pages/{lesson.pk}/edit/",
        lesson_form("改过的标题", "lesson-1", "改过的正文"),
    )
    assert lesson.get_latest_revision_as_object().title == "第1课 共享原则"


def test_wagtails_leftovers_are_gone():
    catalogue()
    titles = set(Page.objects.values_list("title", flat=True))
    assert "Welcome to your new Wagtail site!" not in titles
    assert {"首页", "Home"} <= titles
    moderators = Workflow.objects.get(name="Moderators approval")
    assert not moderators.active
    assert not moderators.workflow_pages.exists()
    home = catalogue().get_parent()
    assert home.get_workflow() is None
    assert catalogue().get_workflow().name == "Course review"


def test_avatars_come_from_no_external_service(client, reviewer):
    client.force_login(reviewer)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html


def test_a_site_set_up_before_reviews_whole_courses_gets_the_course_task():
    from wagtail.models import GroupApprovalTask, WorkflowTask

    from courses.models import CourseReviewTask
    from courses.setup import ensure_site_structure

    workflow = catalogue().get_workflow()
    WorkflowTask.objects.filter(workflow=workflow).delete()
    CourseReviewTask.objects.all().delete()
    old = GroupApprovalTask.objects.create(name="Reviewer approval")
    WorkflowTask.objects.create(workflow=workflow, task=old, sort_order=0)
    ensure_site_structure()
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks] == [CourseReviewTask]
    assert list(tasks[0].groups.values_list("name", flat=True)) == [REVIEWER]


def test_the_reviewer_reads_a_lesson_draft_from_the_course_preview(
    client, trainer, reviewer
):
    course = new_course_with_lessons(client, trainer, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    client.force_login(reviewer)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[course.pk]))
    link = reverse("wagtailadmin_pages:view_draft", args=[lesson.pk])
    assert link in preview.content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert "正文1" in response.content.decode()
