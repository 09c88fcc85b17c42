from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "xapi"

    def ready(self):
        from . import audit_events

        audit_events.connect()
