"""The ledger in the Wagtail admin: each year's policy, edited by administrators.

Wagtail logs every create and edit of a snippet in its history; closing a
year keeps a frozen copy of its policy (``YearClose.policy``), and a closed
year's policy refuses edits (``StudyPolicy.clean``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.wagtail_i18n import TranslatedBreadcrumbs

from .models import StudyPolicy


class StudyPolicyViewSet(TranslatedBreadcrumbs, SnippetViewSet):
    model = StudyPolicy
    icon = "time"
    menu_label = _("Study-hour policies")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["year", "online_rule", "day_hours", "elective_cap", "carry_over"]


register_snippet(StudyPolicyViewSet)


class _YearsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("ledger.add_yearclose")


@hooks.register("register_admin_menu_item")
def register_years_menu_item():
    return _YearsMenuItem(
        _("Close a training year"), reverse("ledger:years"), icon_name="lock", order=270
    )
