"""The holder's certificates: the list with what is still missing, one certificate, its files.

A certificate is looked up among those the asking user may see
(``Certificate.objects.visible_to``): the holder, HR of the holder's
department, administrators. Anyone else gets 404, the same as for a serial
that does not exist.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import codes, eligibility
from .models import Certificate
from .permissions import can_correct, can_manage
from .services import store_pdf, verify_url


def visible_certificate(request, serial: str) -> Certificate:
    return get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("replacement"),
        serial=serial,
    )


@login_required
@require_GET
def my_certificates(request):
    certificates = list(
        Certificate.objects.filter(holder=request.user).select_related("replacement")
    )
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": certificates,
            "pending": eligibility.explain_all(request.user),
        },
    )


@login_required
@require_GET
def certificate_detail(request, serial: str):
    certificate = visible_certificate(request, serial)
    is_holder = certificate.holder_id == request.user.pk
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "snapshot": certificate.snapshot,
            "is_holder": is_holder,
            "verify_url": verify_url(certificate) if is_holder else "",
            "code": codes.unseal(certificate.code_sealed) if is_holder else "",
            "can_manage": can_manage(request.user, certificate),
            "can_correct": can_correct(request.user),
        },
    )


@login_required
@require_GET
def certificate_pdf(request, serial: str):
    certificate = visible_certificate(request, serial)
    if not certificate.pdf:
        # Rendering is queued at issue; a download that arrives first waits for it.
        store_pdf(certificate)
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"certificate-{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
def certificate_credential(request, serial: str):
    from .credentials_service import signed_credential

    certificate = visible_certificate(request, serial)
    response = JsonResponse(
        signed_credential(certificate), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/vc+ld+json; charset=utf-8"
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.serial}.json"'
    )
    return response


@login_required
@require_GET
def certificate_badge(request, serial: str):
    from .credentials_service import baked_badge

    certificate = visible_certificate(request, serial)
    response = FileResponse(
        baked_badge(certificate),
        as_attachment=True,
        filename=f"badge-{certificate.serial}.png",
        content_type="image/png",
    )
    return response
