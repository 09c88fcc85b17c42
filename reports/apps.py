from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import audit_events, queries
        from .reminders import audit_events as reminder_events

        audit_events.register()
        reminder_events.register()
        # Exports and the API find the reports by name (``reports.tables``).
        queries.register_all()
