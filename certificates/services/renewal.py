"""Recertification: a certificate near its expiry brings its course back.

``renew_expiring`` runs daily (Celery beat). For every valid certificate that
expires within ``CERTIFICATE_RENEWAL_DAYS``, the holder is enrolled again in
the course as required training, due on the expiry date (courses'
``renew_enrolment``); the dashboard then shows it. A certificate that has
already expired unrenewed (the sweep did not run) comes back too, overdue. The certificate remembers
that it was renewed, so the sweep is idempotent. Completing the new cycle
issues a new certificate through the ordinary path.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.services import renew_enrolment

from ..models import Certificate


def due_for_renewal(today=None):
    """Current certificates expiring within the window, or already expired, not yet renewed."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.CERTIFICATE_RENEWAL_DAYS)
    return Certificate.objects.current().filter(
        expires_on__isnull=False,
        expires_on__lte=horizon,
        renewal_enrolled_at__isnull=True,
    )


def renew_expiring(*, now=None) -> int:
    """Re-enrol the holders of certificates coming up for renewal; return how many."""
    now = now or timezone.now()
    renewed = 0
    for pk in due_for_renewal(timezone.localdate(now)).values_list("pk", flat=True):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update()
                .filter(pk=pk, renewal_enrolled_at__isnull=True)
                .first()
            )
            if certificate is None:
                continue
            if not _is_latest(certificate):
                # A later completion already renewed it.
                certificate.renewal_enrolled_at = now
                certificate.save(update_fields=["renewal_enrolled_at"])
                continue
            renew_enrolment(
                user_id=certificate.holder_id,
                course_key=certificate.course_key,
                due_date=certificate.expires_on,
                now=now,
            )
            certificate.renewal_enrolled_at = now
            certificate.save(update_fields=["renewal_enrolled_at"])
            renewed += 1
    return renewed


def _is_latest(certificate: Certificate) -> bool:
    return not (
        Certificate.objects.current()
        .filter(
            holder_id=certificate.holder_id,
            course_key=certificate.course_key,
            completed_at__gt=certificate.completed_at,
        )
        .exists()
    )
