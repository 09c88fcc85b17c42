from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="lms.note_sign_in")
