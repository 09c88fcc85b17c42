"""The review workflow's and task's names read in the reader's language."""

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Task, Workflow

from courses.setup import REVIEW_TASK_NAME, WORKFLOW_NAME, ensure_site_structure

pytestmark = pytest.mark.django_db


def shown(value) -> str:
    """What an admin page shows for ``value``."""
    return Template("{{ value }}").render(Context({"value": value}))


def test_the_workflow_and_task_names_show_in_the_readers_language():
    ensure_site_structure()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = Task.objects.get(name=REVIEW_TASK_NAME).specific
    with translation.override("zh-hans"):
        assert shown(workflow) == "课程审核"
        assert shown(task.name) == "审核人审批"
        assert "提交给%s" % workflow.name == "提交给课程审核"  # noqa: UP031 as Wagtail does
    with translation.override("en"):
        assert shown(workflow) == "Course review"


def test_a_translated_name_saved_back_is_stored_as_the_message():
    ensure_site_structure()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    with translation.override("zh-hans"):
        workflow.name = str(workflow.name)  # as Wagtail's edit form posts it
        workflow.save()
    assert Workflow.objects.filter(name="Course review").exists()
    renamed = Workflow.objects.get(pk=workflow.pk)
    renamed.name = "培训处审核"
    renamed.save()
    with translation.override("en"):
        assert shown(Workflow.objects.get(pk=workflow.pk)) == "培训处审核"
