"""The review workflow's and its task's names, in the reader's language.

The names ``courses.setup`` gives them, and Wagtail's default task's, are
messages (see common.stored_names).
"""

from django.utils.translation import gettext_noop
from wagtail.models import Task, Workflow

from common.stored_names import translate_names

from .setup import REVIEW_TASK_NAME, WORKFLOW_NAME

# The task Wagtail's first migration makes; sites set up before its removal
# (issue 12) may still list it, disabled.
WAGTAIL_TASK_NAME = gettext_noop("Moderators approval")


def connect() -> None:
    """Connect the handlers (from ``CoursesConfig.ready``)."""
    translate_names(Workflow, [WORKFLOW_NAME])
    translate_names(Task, [REVIEW_TASK_NAME, WAGTAIL_TASK_NAME])
