from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import PERMISSION, AuditLogView


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_audit_log_urls():
    return [
        path("reports/audit-log/", AuditLogView.as_view(), name="audit_log"),
        path(
            "reports/audit-log/results/",
            AuditLogView.as_view(results_only=True),
            name="audit_log_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        _("Audit log"),
        reverse("audit_log"),
        name="audit-log",
        icon_name="list-ul",
        order=1300,
    )
