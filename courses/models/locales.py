"""Routing under the catalogue when the language is a cookie, not a URL prefix."""

from django.http import Http404
from wagtail.models import Page


def route_across_locales(page, request, path_components):
    """Route to a child in this locale's tree, else in a translation's tree.

    The language is chosen by cookie, not by URL, so ``/courses/<slug>/`` must
    reach a course that has not been translated into the visitor's language.
    """
    try:
        return Page.route(page, request, path_components)
    except Http404:
        if not path_components:
            raise
    for translation in page.get_translations().live().specific():
        try:
            return Page.route(translation, request, path_components)
        except Http404:
            continue
    raise Http404
