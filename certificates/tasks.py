from celery import shared_task


@shared_task
def render_certificate(pk: int) -> str:
    """Render, sign and store one certificate's PDF (queued after issue commits)."""
    from .models import Certificate
    from .services import store_pdf

    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None:
        return ""
    return store_pdf(certificate).pdf_sha256


@shared_task
def renew_expiring_certificates() -> int:
    """Re-enrol holders whose certificates expire soon; run daily by beat."""
    from .services import renew_expiring

    return renew_expiring()


@shared_task
def build_certificate_archive(pk: int) -> int:
    """Build an HR officer's ZIP of certificates, reporting progress as it goes."""
    from .archives import build_archive

    return build_archive(pk)
