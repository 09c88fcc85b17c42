from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _completion_withdrawn(sender, *, user_id, course_key, completed_at, **kwargs):
    from .services.lifecycle import revoke_withdrawn

    revoke_withdrawn(user_id=user_id, course_key=course_key, completed_at=completed_at)


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from courses.extensions import register_course_links, register_dashboard_section
        from xapi.projectors import register_projector

        from . import audit_events, dashboard
        from .projection import issue_certificates

        audit_events.register()
        register_dashboard_section(dashboard.dashboard_section)
        register_course_links(dashboard.course_links)
        # A course's completion issues its certificate through its statement.
        register_projector(issue_certificates)
        from courses.signals import completion_withdrawn

        completion_withdrawn.connect(
            _completion_withdrawn, dispatch_uid="certificates.withdrawn"
        )
