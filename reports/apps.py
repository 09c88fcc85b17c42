from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from .reminders import audit_events as reminder_events

        reminder_events.register()
