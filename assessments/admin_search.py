"""Substring search for the admin's listings and choosers of banks and questions.

Wagtail hands an admin search to the search backend. The database backend on
SQLite reads a listing's field names as columns of its own index table ("no
such column: text"), takes quotes and operators as FTS5 syntax (a server
error), and splits no Chinese into words. Banks and questions are few and
searched by trainers, so a parameterised substring match over named fields
serves them on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views import chooser


def matching(query: str, fields: Sequence[str]) -> Q:
    """Return the condition that one of ``fields`` contains ``query``, any case."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return condition


class SubstringSearchForm(BaseFilterForm):
    """The chooser's search box, matching substrings of ``search_fields``."""

    search_fields: Sequence[str] = ()
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        # An invalid box (a NUL character) searches nothing rather than failing.
        query = self.cleaned_data.get("q") if self.is_valid() else None
        if query:
            objects = objects.filter(matching(query, self.search_fields))
            self.is_searching, self.search_query = True, query
        return objects


def substring_chooser(fields: Sequence[str]) -> type[chooser.SnippetChooserViewSet]:
    """Return a snippet chooser viewset whose search matches substrings of ``fields``."""
    form = type("SearchForm", (SubstringSearchForm,), {"search_fields": tuple(fields)})
    views = {
        "choose_view_class": type(
            "ChooseView", (chooser.ChooseView,), {"filter_form_class": form}
        ),
        "choose_results_view_class": type(
            "ChooseResultsView",
            (chooser.ChooseResultsView,),
            {"filter_form_class": form},
        ),
    }
    return type("SubstringChooserViewSet", (chooser.SnippetChooserViewSet,), views)
