from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "packages"
    verbose_name = _("xAPI packages")

    def ready(self):
        from . import signals  # noqa: F401
