"""Courses in the Wagtail admin: programmes as snippets, lessons reviewed with their course,
and the import of a cmi5 course (``admin_cmi5``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_cmi5
from .creation import remember_created_page
from .models import CoursePage, LessonPage, Programme


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "list-ul"
    menu_label = _("Programmes")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(ProgrammeViewSet)


@hooks.register("construct_page_action_menu")
def lessons_are_submitted_with_their_course(menu_items, request, context):
    # Wagtail's create view offers "Submit" when the parent has a workflow;
    # a lesson has none of its own (``ReviewedWithCourse``): its course is
    # submitted instead.
    if context.get("view") == "create" and isinstance(
        context.get("parent_page"), CoursePage
    ):
        menu_items[:] = [item for item in menu_items if item.name != "action-submit"]


@hooks.register("before_create_page")
def save_a_submitted_new_lesson_as_a_draft(request, parent_page, page_class):
    # A form posted without the menu above (no JavaScript, an old tab) still
    # says "submit": keep the lesson as a draft rather than start a workflow
    # the lesson does not have.
    if (
        request.method == "POST"
        and issubclass(page_class, LessonPage)
        and "action-submit" in request.POST
    ):
        request.POST = request.POST.copy()
        del request.POST["action-submit"]


# See ``courses.creation``: an autosave and a "Save draft" make one page.
hooks.register("after_create_page", remember_created_page)

# "Import a cmi5 course": its page, and a menu item for those who may use it.
hooks.register("register_admin_urls", admin_cmi5.admin_urls)
hooks.register("register_admin_menu_item", admin_cmi5.menu_item)
