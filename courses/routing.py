"""Serve the catalogue subtree (``/courses/…``) from cached routes.

Wagtail resolves a URL by walking the page tree, a few queries per level.
The result for a path only changes when content is published, moved or
unpublished, so it is cached under the content version (``caching``). Pages
with view restrictions, and anything the cache cannot answer, go through
Wagtail's own serve view with all its hooks.
"""

from django.apps import apps
from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page

from . import caching
from .setup import CATALOGUE_SLUG

WAGTAIL = "wagtail"


def serve(request, path: str = ""):
    """Serve a page under the catalogue, by cached route when it is safe to."""
    full_path = f"{CATALOGUE_SLUG}/{path}"
    entry = caching.get_or_set(
        request,
        "route",
        (request.get_host(), get_language(), full_path),
        lambda: _route(request, full_path),
    )
    if entry == WAGTAIL:
        return wagtail_views.serve(request, full_path)
    label, pk = entry
    page = apps.get_model(label).objects.select_related("locale").filter(pk=pk).first()
    if page is None or not page.live:
        raise Http404
    return page.serve(request)


def _route(request, full_path: str):
    result = Page.route_for_request(request, full_path)
    if result is None:
        return WAGTAIL
    page, args, kwargs = result
    if args or kwargs or page.get_view_restrictions().exists():
        return WAGTAIL
    return (page._meta.label, page.pk)
