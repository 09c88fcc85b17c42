"""Wagtail admin texts that Wagtail fixes in one language at start-up.

A snippet viewset's breadcrumbs and a page chooser's "Choose a page (Course)"
are made once, when the URLs or the form class are built, with ``gettext``:
in the language that happens to be active then, for every later reader. These
give the same texts lazily, so each request reads them in its own language.
"""

from django.conf import settings
from django.urls import reverse_lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page


class TranslatedBreadcrumbs:
    """Mix into a ``SnippetViewSet`` (before it)."""

    @property
    def breadcrumbs_items(self):
        items = [
            {"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")}
        ]
        if (
            getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
            or not self.get_menu_item_is_registered()
        ):
            items.append(
                {
                    "url": reverse_lazy("wagtailsnippets:index"),
                    "label": gettext_lazy("Snippets"),
                }
            )
        return items


class PageChooser(AdminPageChooser):
    """Wagtail's page chooser, its button naming the page type in the reader's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if len(self.target_models) == 1 and self.target_models[0] is not Page:
            model = self.target_models[0]
            self.choose_one_text = format_lazy(
                "{} ({})",
                gettext_lazy("Choose a page"),
                capfirst(model._meta.verbose_name),
            )


def register_page_chooser() -> None:
    """Make ``PageChooser`` the widget of every foreign key to a page."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.ForeignKey,
        to=Page,
        override=lambda db_field: {
            "widget": PageChooser(target_models=[db_field.remote_field.model])
        },
    )
