from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="lms.note_sign_in")
        # Before any viewset asks Wagtail for a policy (which would make a
        # fallback one): see admin_scope.
        from .admin_scope import register_scoped_policies

        register_scoped_policies()
        from common.wagtail_i18n import register_page_chooser

        register_page_chooser()
