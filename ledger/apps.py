from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Study-hour ledger")

    def ready(self):
        from django.db.models.signals import post_save

        from courses import extensions
        from courses.signals import completion_withdrawn
        from xapi.projectors import register_projector

        from . import audit_events, dashboard, selectors
        from .lesson_panel import lesson_panel
        from .models import StudyPolicy
        from .projection import credit_completions, reverse_withdrawn
        from .services.studytime import confirmation_refusal, forget_time_rules
        from .time_projection import project_study_time

        audit_events.register()
        # Completions credit their hours through their statement, not a call.
        register_projector(credit_completions)
        completion_withdrawn.connect(reverse_withdrawn, dispatch_uid="ledger.withdrawn")
        # The dashboard's hours are the ledger's counted total for the year.
        extensions.register_year_hours(selectors.year_hours)
        extensions.register_dashboard_section(dashboard.dashboard_section)
        # Verified study time: the lesson page's clock, its projection, and
        # the rules that may hold a lesson's confirmation back.
        register_projector(project_study_time)
        extensions.register_lesson_panel(lesson_panel)
        extensions.register_completion_check(confirmation_refusal)
        post_save.connect(
            forget_time_rules, sender=StudyPolicy, dispatch_uid="ledger.time_rules"
        )
