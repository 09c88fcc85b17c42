"""The certificate's PDF: rendered once from the snapshot, signed, stored.

Rendering runs in a Celery task (inline when no broker is set) after the
issuing transaction commits, so that a slow render never holds the LRS's
transaction and a rolled-back issue renders nothing. The stored file is what
every download serves; nothing re-renders it from live data.
"""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .. import codes
from ..models import Certificate

_deferred: ContextVar[bool] = ContextVar("certificates_render_deferred", default=False)


@contextmanager
def rendering_deferred():
    """Issue without queueing renders: each PDF is rendered on its first download.

    For bulk seeding (the demo's hundreds of certificates), where rendering
    them all up front would only make ``make run`` slower.
    """
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def render_after_commit(certificate: Certificate) -> None:
    if _deferred.get():
        return
    from ..tasks import render_certificate

    pk = certificate.pk
    transaction.on_commit(lambda: render_certificate.delay(pk))


def verify_url(certificate: Certificate) -> str:
    code = codes.unseal(certificate.code_sealed)
    return settings.SITE_BASE_URL + reverse("certificates:verify", args=[code])


def template_for(language: str):
    """The language's default template (the shipped ones if none was made yet)."""
    from ..default_templates import ensure_default_templates
    from ..models import CertificateTemplate

    template = CertificateTemplate.objects.default_for(language)
    if template is None:
        ensure_default_templates()
        template = CertificateTemplate.objects.default_for(language)
    return template


def store_pdf(certificate: Certificate) -> Certificate:
    """Render, sign and store the certificate's PDF; replaces a previous file."""
    from ..rendering import render_pdf, sign_pdf

    template = certificate.template or template_for(certificate.snapshot["language"])
    data = sign_pdf(render_pdf(certificate.snapshot, template, verify_url(certificate)))
    old = certificate.pdf.name if certificate.pdf else ""
    certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(data), save=False)
    certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
    certificate.rendered_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name,
        pdf_sha256=certificate.pdf_sha256,
        rendered_at=certificate.rendered_at,
    )
    if old and old != certificate.pdf.name:
        certificate.pdf.storage.delete(old)
    return certificate
