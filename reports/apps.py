from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import audit_events, queries

        audit_events.register()
        # Exports and the API find the reports by name (``reports.tables``).
        queries.register_all()
