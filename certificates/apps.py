from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from xapi.projectors import register_projector

        from . import audit_events
        from .projection import issue_certificates

        audit_events.register()
        # A course's completion issues its certificate through its statement.
        register_projector(issue_certificates)
