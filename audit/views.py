"""The audit log in the Wagtail admin: read, filter and export; never edit."""

import datetime
import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from common.spreadsheets import escape_formula

from .actions import action_choices, label_for
from .models import AuditEntry

PERMISSION = "audit.view_auditentry"


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=action_choices, empty_label=_("All")
    )
    actor = django_filters.CharFilter(
        label=_("Actor"), field_name="actor_label", lookup_expr="icontains"
    )
    target = django_filters.CharFilter(
        label=_("Target"), field_name="target_label", lookup_expr="icontains"
    )
    time = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AuditEntry
        fields = []


class AuditLogView(ReportView):
    """Administrators only (``audit.view_auditentry``); there is no edit or delete view."""

    page_title = _("Audit log")
    header_icon = "list-ul"
    results_template_name = "audit/audit_log_results.html"
    filterset_class = AuditEntryFilterSet
    index_url_name = "audit_log"
    index_results_url_name = "audit_log_results"
    model = AuditEntry
    list_export = [
        "time",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "scope",
        "address",
        "details",
    ]
    export_headings = {
        "time": _("Time"),
        "actor_label": _("Actor"),
        "action": _("Action"),
        "target_type": _("Target type"),
        "target_id": _("Target ID"),
        "target_label": _("Target"),
        "scope": _("Scope"),
        "address": _("Address"),
        "details": _("Details"),
    }

    def dispatch(self, request, *args, **kwargs):
        # A plain 403, where Wagtail would redirect to the dashboard: the
        # status says what happened to scripts and to the permission tests.
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return AuditEntry.objects.all()

    def get_filename(self):
        return f"audit-log-{datetime.date.today():%Y-%m-%d}"

    def preprocess_field_value(self, field, value, export_format):
        if field == "action":
            value = label_for(value)
        elif field == "details":
            value = _details_text(value)
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)


def _details_text(details) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True) if details else ""
