from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import ClientCreateView, ClientForm
from .models import Client


class ClientViewSet(ModelViewSet):
    """LRS credentials; only users with the client permissions (administrators) see them."""

    model = Client
    icon = "key"
    menu_label = _("LRS clients")
    menu_order = 900
    add_to_admin_menu = True
    add_view_class = ClientCreateView
    list_display = ["name", "key", "is_active", "expires_at", "created_at"]
    search_fields = ["name", "key"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ClientForm


@hooks.register("register_admin_viewset")
def register_client_viewset():
    return ClientViewSet("lrsclient")
