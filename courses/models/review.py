"""Reviewing a course as one piece: the course's task decides for its lessons too.

A lesson has no review of its own (``ReviewedWithCourse``): a trainer saves its
drafts, submits the course, and the reviewer's one decision on the course's
``CourseReviewTask`` publishes the course and the latest draft of every lesson
under it (Wagtail workflows, docs.wagtail.org "Adding new Task types").
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.locks import BaseLock
from wagtail.models import AbstractGroupApprovalTask, WorkflowState


class CourseReviewTask(AbstractGroupApprovalTask):
    """Approve or reject a course and all its lesson drafts in one decision."""

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        super().on_action(task_state, user, action_name, **kwargs)
        workflow_state = task_state.workflow_state
        workflow_state.refresh_from_db(fields=["status"])
        if action_name == "approve" and (
            workflow_state.status == WorkflowState.STATUS_APPROVED
        ):
            from ..services.review import publish_course_drafts

            publish_course_drafts(
                course=workflow_state.content_object.specific, user=user
            )

    @classmethod
    def get_description(cls):
        return _(
            "Reviewers approve or request changes to a course and its lessons together"
        )

    class Meta:
        verbose_name = _("course review task")
        verbose_name_plural = _("course review tasks")


class CourseReviewLock(BaseLock):
    """Lock a lesson while its course awaits a reviewer, as Wagtail locks the course."""

    def __init__(self, lesson, course, task):
        super().__init__(lesson)
        self.course = course
        self.task = task

    def for_user(self, user):
        return self.task.locked_for_user(self.course, user)

    def get_message(self, user):
        if self.for_user(user):
            return _(
                "This lesson's course is awaiting review. "
                "Only its reviewers can edit the lesson."
            )
        return _("This lesson's course is awaiting review.")


class ReviewedWithCourse:
    """A page reviewed with its parent course, never on its own.

    Wagtail offers "Submit for review" wherever ``get_workflow`` returns one;
    returning none leaves the lesson's author with "Save draft", and the
    course's review publishes the draft.
    """

    @property
    def has_workflow(self):
        return False

    def get_workflow(self):
        return None

    def get_lock(self):
        if lock := super().get_lock():
            return lock
        course = self.get_parent()
        task = course.current_workflow_task if course is not None else None
        if task is not None:
            return CourseReviewLock(self, course, task)
        return None
