"""A copy made by "Translate" holds the source text until a translator replaces it.

Wagtail's Translate (``wagtail.contrib.simple_translation``) copies a page into
the other language with its text unchanged, which is what a translator needs;
the copy is marked as awaiting translation (``mark_awaiting_translation``, on
``copy_for_translation_done``) until the translator clears the mark, and the
catalogue does not list it as that language's version meanwhile.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class AwaitingTranslation(models.Model):
    """The mark on a page copied for translation, shown in the admin."""

    awaiting_translation = models.BooleanField(
        _("awaiting translation"),
        default=False,
        help_text=_(
            "This page was copied by Translate and still holds the text of the "
            "language it was copied from. Clear this once it is translated: "
            "until then the catalogue does not list it."
        ),
    )

    class Meta:
        abstract = True

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        if self.awaiting_translation:
            return _("%(title)s (awaiting translation)") % {"title": title}
        return title


class AwaitingTranslationPanel(FieldPanel):
    """The mark's checkbox, shown only on a copy that carries it."""

    def __init__(self, field_name="awaiting_translation", **kwargs):
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            # Hidden, the unticked checkbox would post False: only ever
            # hidden where the value is False already.
            return bool(self.instance.awaiting_translation) and super().is_shown()


def mark_awaiting_translation(sender, source_obj, target_obj, **kwargs):
    """Mark ``target_obj``, Wagtail's fresh translation copy, as awaiting translation."""
    if not isinstance(target_obj, AwaitingTranslation):
        return
    target_obj.awaiting_translation = True
    target_obj.save(update_fields=["awaiting_translation"])
    # Wagtail saved the copy's first revision before this signal, and the
    # editor opens that revision: it carries the mark too.
    revision = target_obj.get_latest_revision()
    if revision is not None:
        revision.content["awaiting_translation"] = True
        revision.save(update_fields=["content"])
