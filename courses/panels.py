"""Editor panels for courses and lessons: the reviewer's last word, and the assessments.

They read, never write: a panel renders on every GET of the edit view.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.models import WorkflowState

from . import extensions


def changes_requested(page):
    """Return the task state whose reviewer asked for changes to ``page``'s course.

    A lesson has no review of its own (``ReviewedWithCourse``), so its editor
    shows its course's. Returns None when no changes are pending.
    """
    from .models import LessonPage

    course = page.get_parent() if isinstance(page, LessonPage) else page
    if course is None or course.pk is None:
        return None
    state = (
        WorkflowState.objects.for_instance(course)
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .select_related("current_task_state__finished_by")
        .first()
    )
    return state.current_task_state if state is not None else None


class ReviewCommentPanel(Panel):
    """Show the trainer what the reviewer asked for, at the top of the editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/panels/review_comment.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.task_state = (
                changes_requested(self.instance) if self.instance.pk else None
            )

        def is_shown(self):
            return self.task_state is not None

        def show_panel_furniture(self):
            return False

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["task_state"] = self.task_state
            context["comment"] = self.task_state.get_comment()
            return context


class AuthoringLinksPanel(Panel):
    """List what other apps attach to a course (its quizzes and final exam), with links."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/panels/authoring_links.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            saved = self.instance.pk is not None
            context["saved"] = saved
            context["links"] = (
                extensions.authoring_links(self.instance, self.request.user)
                if saved
                else []
            )
            context["empty"] = _("Save the course first, then add its assessments.")
            return context
