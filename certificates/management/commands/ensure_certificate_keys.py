from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Make sure the issuing organisation's signing keys exist: generates "
        "self-signed demo keys where none are configured, never replaces a key."
    )

    def handle(self, *args, **options):
        from certificates.credentials.keys import ensure_vc_key

        paths = [ensure_vc_key()]
        if options["verbosity"]:
            for path in paths:
                self.stdout.write(_("Signing key: %(path)s") % {"path": path})
