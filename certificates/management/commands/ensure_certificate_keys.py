from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Make sure the issuing organisation's signing keys exist (generating "
        "self-signed demo keys where none are configured, never replacing a "
        "key) and the certificate fonts are cut."
    )

    def handle(self, *args, **options):
        from certificates.credentials.keys import ensure_vc_key
        from certificates.rendering import ensure_pdf_signing_key, prepare

        paths = [ensure_vc_key(), *ensure_pdf_signing_key()]
        # Cut the certificate fonts now rather than in the first render.
        prepare()
        if options["verbosity"]:
            for path in paths:
                self.stdout.write(_("Signing key: %(path)s") % {"path": path})
