"""The reports in the Wagtail admin: each year's rating thresholds, for administrators."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RatingPolicy


class RatingPolicyViewSet(SnippetViewSet):
    model = RatingPolicy
    icon = "pick"
    menu_label = _("Training rating policies")
    add_to_admin_menu = True
    menu_order = 265
    list_display = ["year", "pass_share", "excellent_share", "fail_on_overdue"]


register_snippet(RatingPolicyViewSet)
