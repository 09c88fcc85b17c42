"""The reports in the Wagtail admin: each year's rating thresholds, for administrators.

A model viewset, not a snippet: nothing chooses a rating policy, so no
chooser URLs are made for it. Wagtail's history logs every create and edit.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import RatingPolicy


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
