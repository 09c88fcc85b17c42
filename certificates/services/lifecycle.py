"""After issue: revocation, correction (a replacement that supersedes), re-rendering.

Each checks who is asking (``certificates.permissions``), changes the row
under a lock so two concurrent actions cannot both apply, and writes the
audit log in the same transaction.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event

from .. import audit_events, serials
from ..exceptions import CertificateError, NotInScope
from ..models import Certificate
from ..permissions import can_correct, can_manage
from .documents import render_after_commit

MAX_NAME_LENGTH = 100


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


@transaction.atomic
def revoke_certificate(
    *, certificate: Certificate, by, reason: str, request=None, now=None
) -> Certificate:
    """Revoke a current certificate with a reason; its status bit flips at once."""
    if not can_manage(by, certificate):
        raise NotInScope
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for the revocation."))
    certificate = _locked(certificate)
    if certificate.status != Certificate.Status.ISSUED:
        raise CertificateError(_("Only a valid certificate can be revoked."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason[:1000]
    certificate.save(
        update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"]
    )
    record_event(
        action=audit_events.REVOKED,
        actor=by,
        target=certificate,
        scope=certificate.snapshot.get("department", ""),
        request=request,
        details={"serial": certificate.serial, "reason": certificate.revocation_reason},
    )
    return certificate


@transaction.atomic
def correct_holder_name(
    *,
    certificate: Certificate,
    by,
    name: str,
    request=None,
    now: datetime | None = None,
) -> Certificate:
    """Issue a replacement with the corrected name; the old one is superseded.

    The replacement has a new serial and verification code and the same
    completion, dates and everything else of the snapshot.
    """
    if not can_correct(by):
        raise NotInScope
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise CertificateError(_("Give the holder's name as it should read."))
    old = _locked(certificate)
    if old.status != Certificate.Status.ISSUED:
        raise CertificateError(_("Only a valid certificate can be corrected."))
    if name == old.snapshot.get("holder_name"):
        raise CertificateError(_("The certificate already reads this name."))
    now = now or timezone.now()
    new = _replacement(old, name, now)
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    _audit_correction(old, new, by, request)
    render_after_commit(new)
    return new


def _replacement(old: Certificate, name: str, now: datetime) -> Certificate:
    identity = serials.new_identity(timezone.localdate(now).year)
    return Certificate.objects.create(
        **identity,
        holder_id=old.holder_id,
        department_id=old.department_id,
        course_key=old.course_key,
        completed_at=old.completed_at,
        issued_at=now,
        expires_on=old.expires_on,
        template=old.template,
        snapshot={**old.snapshot, "holder_name": name, "serial": identity["serial"]},
        replaces=old,
        renewal_enrolled_at=old.renewal_enrolled_at,
    )


def _audit_correction(old: Certificate, new: Certificate, by, request) -> None:
    details = {
        "old_serial": old.serial,
        "new_serial": new.serial,
        "old_name": old.snapshot.get("holder_name", ""),
        "new_name": new.snapshot.get("holder_name", ""),
    }
    scope = old.snapshot.get("department", "")
    for action, target in (
        (audit_events.CORRECTED, old),
        (audit_events.REPLACEMENT_ISSUED, new),
    ):
        record_event(
            action=action,
            actor=by,
            target=target,
            scope=scope,
            request=request,
            details=details,
        )


@transaction.atomic
def rerender_certificate(*, certificate: Certificate, by, request=None) -> None:
    """Render the PDF again from the same snapshot and serial (administrators)."""
    if not can_correct(by):
        raise NotInScope
    record_event(
        action=audit_events.RERENDERED,
        actor=by,
        target=certificate,
        request=request,
        details={"serial": certificate.serial},
    )
    render_after_commit(certificate)


@transaction.atomic
def revoke_withdrawn(*, user_id: int, course_key, completed_at, now=None) -> int:
    """Revoke the certificates of a completion that was withdrawn; return how many.

    A voided lesson completion withdraws the course's completion (courses'
    ``completion_withdrawn``): what it earned no longer stands, so the
    certificate is revoked by the system, with the reason, in the audit log.
    """
    rows = list(
        Certificate.objects.select_for_update().filter(
            holder_id=user_id,
            course_key=course_key,
            completed_at=completed_at,
            status=Certificate.Status.ISSUED,
        )
    )
    reason = _("The completion it certified was withdrawn: its records were voided.")
    for certificate in rows:
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = now or timezone.now()
        certificate.revocation_reason = str(reason)
        certificate.save(update_fields=["status", "revoked_at", "revocation_reason"])
        record_event(
            action=audit_events.REVOKED,
            target=certificate,
            scope=certificate.snapshot.get("department", ""),
            details={"serial": certificate.serial, "reason": str(reason)},
        )
    return len(rows)
