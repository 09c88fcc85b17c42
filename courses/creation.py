"""Creating a page once: an autosave and a "Save draft" of one new page make one page.

Wagtail 7+ autosaves the create form: its first autosave creates the page, and
only when that answer arrives does the form point at the page's edit view. A
"Save draft" pressed meanwhile posts the create form again, and Wagtail
answers "The slug … is already in use" (a 500 when both pass validation at
once), with the page left holding the older text. Each create form therefore
carries a token (``CreationTokenPanel``); creations under one parent are
serialised by a row lock, and a second post with a token already used becomes
an edit of the page it created, so the latest text is saved.
"""

import uuid

from django.db import transaction
from django.utils.html import format_html
from wagtail.admin.auth import require_admin_access
from wagtail.admin.panels import Panel
from wagtail.models import Page

TOKEN_FIELD = "creation_token"


def _posted_token(request) -> str:
    token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
    try:
        return str(uuid.UUID(token))
    except ValueError:
        return ""


def remember_created_page(request, page) -> None:
    """Record which page this create form's token made (an ``after_create_page`` hook)."""
    from .models import PageCreation

    if token := _posted_token(request):
        PageCreation.objects.get_or_create(
            token=token, defaults={"user": request.user, "page": page}
        )


@require_admin_access
def create_page(
    request, content_type_app_name, content_type_model_name, parent_page_id
):
    """Wagtail's create view, except that a token used before edits its page."""
    # Imported here: page models import this module for its panel.
    from wagtail.admin.views.pages.create import CreateView
    from wagtail.admin.views.pages.edit import EditView

    arguments = (content_type_app_name, content_type_model_name, parent_page_id)
    if request.method != "POST":
        return CreateView.as_view()(request, *arguments)
    token = _posted_token(request)
    with transaction.atomic():
        # One creation at a time under a parent: the second waits, then finds
        # the first one's page (or, without a token, Wagtail's form error on
        # the slug rather than a failed insert).
        parent = Page.objects.select_for_update().filter(pk=parent_page_id).first()
        created = None
        if parent is not None and token:
            created = (
                Page.objects.child_of(parent)
                .filter(pk__in=_pages_made_by(request.user, token))
                .first()
            )
        if created is not None:
            return EditView.as_view()(request, created.pk)
        return CreateView.as_view()(request, *arguments)


def _pages_made_by(user, token: str):
    from .models import PageCreation

    return PageCreation.objects.filter(token=token, user=user).values("page_id")


class CreationTokenPanel(Panel):
    """A hidden token naming this one create form, kept through a failed post."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return self.instance.pk is None

        def show_panel_furniture(self):
            return False

        def render_html(self, parent_context=None):
            token = _posted_token(self.request) or str(uuid.uuid4())
            return format_html(
                '<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, token
            )
