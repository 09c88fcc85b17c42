from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .api.admin_views import TokenCreateView, TokenEditView, TokenForm
from .api.models import ReportToken


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
