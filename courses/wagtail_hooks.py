"""Courses in the Wagtail admin: programmes as snippets (pages are in the page tree)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Programme


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "list-ul"
    menu_label = _("Programmes")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(ProgrammeViewSet)
