"""Names stored as data that are really messages, shown in the reader's language.

Wagtail and Django show a workflow's, a task's or a group's name as stored:
the Chinese admin read "提交给Course review" and "HR officer". The names the
platform itself gives such rows are messages. ``translate_names`` makes each
instance read from the database carry such a name as a ``TranslatedName``,
and stores a translated name saved back (from an edit form) as the message
again. Names an administrator types stay as typed.
"""

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext, override


class TranslatedName(str):
    """A ``str`` whose value is the message (so the database, equality and
    lookups see the message) and whose ``str()`` is its translation (so
    templates, ``%`` formatting and ``__str__`` show the translation)."""

    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def __format__(self, spec) -> str:
        return format(str(self), spec)


def stored_name(name, messages) -> str:
    """The message a (translated) name stands for, else the name as written."""
    text = str(name)
    for message in messages:
        for language, _label in settings.LANGUAGES:
            with override(language):
                if text == gettext(message):
                    return message
    return text


def _with_subclasses(model) -> list:
    found = [model]
    for subclass in model.__subclasses__():
        found += _with_subclasses(subclass)
    return found


def translate_names(model, messages, *, field: str = "name") -> None:
    """Show ``field`` of ``model`` (and its concrete subclasses) translated."""
    messages = tuple(messages)

    def on_init(sender, instance, **kwargs):
        # Read from __dict__: a deferred name must not cost a query per instance.
        if instance.__dict__.get(field) in messages:
            setattr(instance, field, TranslatedName(instance.__dict__[field]))

    def on_save(sender, instance, **kwargs):
        if field in instance.__dict__:
            setattr(instance, field, stored_name(instance.__dict__[field], messages))

    for concrete in _with_subclasses(model):
        if concrete._meta.abstract:
            continue
        uid = f"stored_names.{concrete._meta.label}.{field}"
        post_init.connect(on_init, sender=concrete, dispatch_uid=uid, weak=False)
        pre_save.connect(on_save, sender=concrete, dispatch_uid=uid, weak=False)
