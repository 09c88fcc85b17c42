from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.services import prune_entries, retention_days


class Command(BaseCommand):
    help = (
        "Delete audit entries older than --older-than days; refuses anything "
        "under the retention period (AUDIT_RETENTION_DAYS, at least 180)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, older_than, **options):
        if older_than < retention_days():
            raise CommandError(
                _(
                    "Audit entries are kept at least %(days)d days; refusing to prune entries younger than that."
                )
                % {"days": retention_days()}
            )
        count = prune_entries(older_than_days=older_than)
        self.stdout.write(
            _("Deleted %(count)d audit entries older than %(days)d days.")
            % {"count": count, "days": older_than}
        )
