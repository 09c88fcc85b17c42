"""Authoring: trainers draft, reviewers approve or reject, learners never reach the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from courses.models import CoursePage
from courses.setup import ensure_site_structure
from people.roles import LEARNER, REVIEWER, TRAINER
from tests.factories.courses import catalogue
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


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


def create_draft(client, trainer, title="政务数据共享实务"):
    parent = catalogue()
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/add/courses/coursepage/{parent.pk}/",
        {
            "title": title,
            "slug": "data-sharing",
            "summary": "如何在部门之间安全地共享政务数据。",
            "objectives": "说明共享的原则\n列出共享的流程",
            "topics": "数据共享",
            "kind": "elective",
            "completion_rule": "lessons",
            "estimated_minutes": "90",
            "prerequisite_links-TOTAL_FORMS": "0",
            "prerequisite_links-INITIAL_FORMS": "0",
            "prerequisite_links-MIN_NUM_FORMS": "0",
            "prerequisite_links-MAX_NUM_FORMS": "1000",
            "action-submit": "Submit for review",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return CoursePage.objects.get(title=title)


def test_site_structure_gives_each_language_a_catalogue_under_review():
    ensure_site_structure()
    ensure_site_structure()  # idempotent
    zh, en = catalogue("zh-hans"), catalogue("en")
    assert zh.translation_key == en.translation_key
    assert zh.live and en.live
    assert zh.get_workflow().name == "Course review"
    assert en.get_workflow().name == "Course review"


def test_trainer_submits_and_reviewer_approves_then_the_course_is_live(
    client, trainer, reviewer
):
    course = create_draft(client, trainer)
    assert not course.live
    state = course.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(reviewer)
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[course.pk, "approve", task_state.pk],
        ),
        {"comment": "内容准确，同意发布。"},
    )
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live
    assert course.live_revision is not None
    assert CoursePage.objects.live().filter(pk=course.pk).exists()


def test_reviewer_rejects_with_a_comment_and_the_draft_returns_to_the_trainer(
    client, trainer, reviewer
):
    course = create_draft(client, trainer)
    task_state = course.current_workflow_state.current_task_state
    client.force_login(reviewer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[course.pk, "reject", task_state.pk],
        ),
        {"comment": "请补充案例。"},
    )
    course.refresh_from_db()
    assert not course.live
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.get_comment() == "请补充案例。"
    state = course.workflow_states.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_trainer_cannot_publish_alone(client, trainer):
    course = create_draft(client, trainer)
    assert (
        not Page.objects.get(pk=course.pk).permissions_for_user(trainer).can_publish()
    )
    client.force_login(trainer)
    client.post(
        f"/admin/pages/{course.pk}/edit/",
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "kind": "elective",
            "completion_rule": "lessons",
            "estimated_minutes": "90",
            "prerequisite_links-TOTAL_FORMS": "0",
            "prerequisite_links-INITIAL_FORMS": "0",
            "prerequisite_links-MIN_NUM_FORMS": "0",
            "prerequisite_links-MAX_NUM_FORMS": "1000",
            "action-publish": "Publish",
        },
    )
    course.refresh_from_db()
    assert not course.live


def test_learners_never_reach_the_admin(client):
    learner = user_in(LEARNER, "learner1")
    client.force_login(learner)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
