"""Certificates as Open Badges 3.0 credentials: made once, kept, and their status list.

The credential is built from the certificate's snapshot and signed the first
time anyone asks for it, then stored with the certificate, so every download
is the same document. Revocation and supersession set the certificate's bit
in the site's revocation status list, which is built from the database on
request (cached until the next change), so a revocation shows at once.
"""

import hashlib
import io
import uuid
from datetime import date, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xapi.vocabulary import activity_iri

from .models import Certificate

STATUS_PURPOSE = "revocation"
STATUS_LIST_SIZE = 131072  # the specification's minimum, 16 KB: herd privacy


def status_list_url() -> str:
    return settings.SITE_BASE_URL + reverse(
        "certificates:status_list", args=[STATUS_PURPOSE]
    )


def did_document() -> dict:
    from .credentials import keys

    return keys.did_document()


def _credential_id(certificate: Certificate) -> str:
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_BASE_URL}/{certificate.serial}")
    )


def _at_start(day_iso: str | None) -> datetime | None:
    if not day_iso:
        return None
    return timezone.make_aware(datetime.combine(date.fromisoformat(day_iso), time.min))


def build_signed(certificate: Certificate) -> dict:
    from .credentials import badge, status_list

    snap = certificate.snapshot
    return badge.issue(
        credential_id=_credential_id(certificate),
        snapshot=snap,
        achievement_id=activity_iri("course", str(certificate.course_key)),
        achievement_name=snap.get("course_title", {}),
        criteria=_criteria(snap),
        issued=certificate.issued_at,
        valid_until=_at_start(snap.get("expires_on")),
        status=status_list.status_entry(certificate.status_index, status_list_url()),
    )


def _criteria(snap: dict) -> str:
    if snap.get("language") == "en":
        return "Completed every lesson of the course and passed its final exam."
    return "完成课程全部课时并通过结业考试。"


def signed_credential(certificate: Certificate) -> dict:
    """Return the certificate's credential, signing and storing it the first time."""
    if certificate.credential:
        return certificate.credential
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.credential:
            locked.credential = build_signed(locked)
            locked.save(update_fields=["credential"])
    certificate.credential = locked.credential
    return certificate.credential


def baked_badge(certificate: Certificate) -> io.BytesIO:
    from .credentials import baking

    return io.BytesIO(baking.baked_badge(signed_credential(certificate)))


def revoked_indexes() -> list[int]:
    return list(
        Certificate.objects.exclude(status=Certificate.Status.ISSUED)
        .order_by("status_index")
        .values_list("status_index", flat=True)
    )


def status_list_credential() -> dict:
    revoked = revoked_indexes()
    version = hashlib.sha256(",".join(map(str, revoked)).encode()).hexdigest()[:16]
    key = f"certificates:status-list:{version}"
    document = cache.get(key)
    if document is None:
        from .credentials import status_list

        document = status_list.status_list_credential(
            status_list_url(), revoked, size=STATUS_LIST_SIZE
        )
        cache.set(key, document, timeout=3600)
    return document
