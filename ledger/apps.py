from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Study-hour ledger")

    def ready(self):
        from courses.extensions import register_dashboard_section, register_year_hours
        from courses.signals import completion_withdrawn
        from xapi.projectors import register_projector

        from . import audit_events, dashboard, selectors
        from .projection import credit_completions, reverse_withdrawn

        audit_events.register()
        # Completions credit their hours through their statement, not a call.
        register_projector(credit_completions)
        completion_withdrawn.connect(reverse_withdrawn, dispatch_uid="ledger.withdrawn")
        # The dashboard's hours are the ledger's counted total for the year.
        register_year_hours(selectors.year_hours)
        register_dashboard_section(dashboard.dashboard_section)
