from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.services import issue_for_completion, rendering_deferred
from courses.models import Enrolment


class Command(BaseCommand):
    help = _(
        "Issue the certificates of completions that have none (completions "
        "recorded before certificates existed). Idempotent."
    )

    def handle(self, *args, **options):
        issued = 0
        certified = set(
            Certificate.objects.values_list("holder_id", "course_key", "completed_at")
        )
        with rendering_deferred():
            for pk, user_id, key, completed_at in Enrolment.objects.filter(
                status=Enrolment.Status.COMPLETED
            ).values_list("pk", "user_id", "course_key", "completed_at"):
                if (user_id, key, completed_at) in certified:
                    continue
                if issue_for_completion(enrolment_id=pk) is not None:
                    issued += 1
        self.stdout.write(_("%(count)d certificates issued.") % {"count": issued})
