"""The review workflow's and its task's names, in the reader's language.

Wagtail keeps a workflow's and a task's name as data and shows it as it is:
the Chinese admin read "提交给Course review". The names this platform gives
them (``courses.setup``) are messages: an instance read from the database
carries its name as a lazy translation, so each page shows it in its reader's
language, and a translated name saved back (from Wagtail's edit form) is
stored as the message again. Names an administrator types stay as typed.

The name is a ``str`` whose value is the message (so the database, equality
and lookups see the message) and whose ``str()`` is its translation (so
templates, ``%`` formatting and Wagtail's ``__str__`` show the translation).
"""

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext, override
from wagtail.models import Task, Workflow

from .setup import REVIEW_TASK_NAME, WORKFLOW_NAME

MESSAGES = (WORKFLOW_NAME, REVIEW_TASK_NAME)


class TranslatedName(str):
    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def __format__(self, spec) -> str:
        return format(str(self), spec)


def _translated_on_display(sender, instance, **kwargs):
    # Read from __dict__: a deferred name must not cost a query per instance.
    if instance.__dict__.get("name") in MESSAGES:
        instance.name = TranslatedName(instance.name)


def stored_name(name) -> str:
    """The message a (translated) name stands for, else the name as written."""
    text = str(name)
    for message in MESSAGES:
        for language, _label in settings.LANGUAGES:
            with override(language):
                if text == gettext(message):
                    return message
    return text


def _stored_as_message(sender, instance, **kwargs):
    instance.name = stored_name(instance.name)


def _with_subclasses(model) -> list:
    found = [model]
    for subclass in model.__subclasses__():
        found += _with_subclasses(subclass)
    return found


def connect() -> None:
    """Connect the handlers (from ``CoursesConfig.ready``) for every task type."""
    for model in _with_subclasses(Workflow) + _with_subclasses(Task):
        if model._meta.abstract:
            continue
        uid = f"courses.workflow_names.{model._meta.label}"
        post_init.connect(_translated_on_display, sender=model, dispatch_uid=uid)
        pre_save.connect(_stored_as_message, sender=model, dispatch_uid=uid)
