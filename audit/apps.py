from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from .signals import connect_sign_in_signals

        connect_sign_in_signals()
