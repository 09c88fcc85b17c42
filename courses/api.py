"""The read-only headless API (Wagtail API v2) for mobile and other clients.

Wagtail's pages endpoint lists live, public pages only, so drafts and
unpublished revisions never leave through it; ``?locale=en`` filters by
language, ``?type=courses.CoursePage`` by page type.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
