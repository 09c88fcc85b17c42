"""HR's ZIP of certificates: requested in scope, built in the background.

The archive holds the stored PDF of every certificate issued in the period to
holders of the department's subtree that is neither revoked nor superseded
(expired ones included: they were valid when issued), named by serial, with a
manifest (``certificates.csv``) whose names and IDs are masked. The scope is
checked when the archive is requested and again when it is built, with the
officer's scope of that moment.
"""

import csv
import io
import tempfile
import zipfile
from datetime import date, timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from common.masking import mask_employee_id, mask_name
from common.spreadsheets import escape_formula
from people.models import Department

from . import audit_events
from .exceptions import CertificateError, NotInScope
from .models import Certificate, CertificateArchive

MAX_PERIOD = timedelta(days=5 * 366)
PROGRESS_EVERY = 20


def request_archive(
    *, by, department: Department, issued_from: date, issued_to: date, request=None
) -> CertificateArchive:
    if not Department.objects.visible_to(by).filter(pk=department.pk).exists():
        raise NotInScope
    if issued_from > issued_to or issued_to - issued_from > MAX_PERIOD:
        raise CertificateError(_("Choose a period of at most five years, start first."))
    with transaction.atomic():
        archive = CertificateArchive.objects.create(
            requested_by=by,
            department=department,
            issued_from=issued_from,
            issued_to=issued_to,
        )
        record_event(
            action=audit_events.ARCHIVE_REQUESTED,
            actor=by,
            target=archive,
            scope=department.full_name(),
            request=request,
            details={"from": issued_from.isoformat(), "to": issued_to.isoformat()},
        )
        from .tasks import build_certificate_archive

        transaction.on_commit(lambda: build_certificate_archive.delay(archive.pk))
    return archive


def certificates_for(archive: CertificateArchive):
    return (
        Certificate.objects.visible_to(archive.requested_by)
        .filter(
            status=Certificate.Status.ISSUED,
            department__tree_path__startswith=archive.department.tree_path,
            issued_at__date__gte=archive.issued_from,
            issued_at__date__lte=archive.issued_to,
        )
        .order_by("serial")
    )


def build_archive(pk: int) -> int:
    archive = CertificateArchive.objects.select_related(
        "department", "requested_by"
    ).get(pk=pk)
    rows = list(certificates_for(archive))
    CertificateArchive.objects.filter(pk=pk).update(
        status=CertificateArchive.Status.RUNNING, total=len(rows), done=0
    )
    try:
        with tempfile.TemporaryFile() as handle:
            _write_zip(handle, rows, pk)
            handle.seek(0)
            archive.file.save(f"certificates-{pk}.zip", File(handle), save=False)
    except Exception as error:
        CertificateArchive.objects.filter(pk=pk).update(
            status=CertificateArchive.Status.FAILED, error=str(error)[:500]
        )
        raise
    CertificateArchive.objects.filter(pk=pk).update(
        status=CertificateArchive.Status.DONE,
        done=len(rows),
        file=archive.file.name,
        finished_at=timezone.now(),
    )
    return len(rows)


def _write_zip(handle, rows: list[Certificate], pk: int) -> None:
    from .services import store_pdf

    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["serial", "holder", "employee_id", "course", "issued", "expires"])
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, certificate in enumerate(rows, start=1):
            if not certificate.pdf:
                store_pdf(certificate)
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(f"{certificate.serial}.pdf", pdf.read())
            writer.writerow(_manifest_row(certificate))
            if done % PROGRESS_EVERY == 0:
                CertificateArchive.objects.filter(pk=pk).update(done=done)
        archive.writestr("certificates.csv", "\ufeff" + manifest.getvalue())


def _manifest_row(certificate: Certificate) -> list[str]:
    snap = certificate.snapshot
    row = [
        certificate.serial,
        mask_name(snap.get("holder_name", "")),
        mask_employee_id(snap.get("employee_id", "")),
        certificate.course_title,
        snap.get("issued_on", ""),
        snap.get("expires_on") or "",
    ]
    return [escape_formula(cell) for cell in row]
