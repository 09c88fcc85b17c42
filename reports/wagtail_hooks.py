"""The reports in the Wagtail admin: each year's rating thresholds and the HR API's
tokens, for administrators.

A model viewset, not a snippet: nothing chooses a rating policy, so no
chooser URLs are made for it. Wagtail's history logs every create and edit.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .api.admin_views import TokenCreateView, TokenEditView, TokenForm
from .models import RatingPolicy, ReportToken


class RatingPolicyViewSet(ModelViewSet):
    model = RatingPolicy
    icon = "pick"
    menu_label = _("Training rating policies")
    add_to_admin_menu = True
    menu_order = 265
    form_fields = [
        "year",
        "pass_share",
        "fail_below_required",
        "fail_on_overdue",
        "excellent_share",
        "excellent_min_score",
        "excellent_needs_on_time",
    ]
    list_display = ["year", "pass_share", "excellent_share", "fail_on_overdue"]


@hooks.register("register_admin_viewset")
def register_rating_policies():
    return RatingPolicyViewSet("ratingpolicy")


class ReportTokenViewSet(ModelViewSet):
    """The HR system's API tokens; administrators only (the token permissions)."""

    model = ReportToken
    icon = "key"
    menu_label = _("Report API tokens")
    menu_order = 910
    add_to_admin_menu = True
    add_view_class = TokenCreateView
    edit_view_class = TokenEditView
    list_display = ["name", "department", "expires_at", "last_used_at", "revoked_at"]
    search_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return TokenForm


@hooks.register("register_admin_viewset")
def register_report_token_viewset():
    return ReportTokenViewSet("reporttoken")
