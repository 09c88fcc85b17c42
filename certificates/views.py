"""Public verification: anyone with a certificate's code checks it, no login needed.

The page says whether the certificate is genuine and still valid, with the
course, 学时, dates and issuing organisation; the holder's name is masked, so a
code alone does not disclose a full identity. An unknown code gets a page
that looks the same. Each client address may ask a limited number of times
a minute (``CERTIFICATE_VERIFY_RATE_PER_MINUTE``).
"""

from datetime import date

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.addresses import client_address
from common.masking import mask_name
from common.ratelimit import hit

from . import codes
from .models import Certificate


def _limited(request) -> bool:
    return not hit(
        f"verify:{client_address(request)}",
        limit=settings.CERTIFICATE_VERIFY_RATE_PER_MINUTE,
    )


@require_GET
@never_cache
def verify_form(request):
    """A form to type a code from a paper certificate; sends it to its page."""
    code = request.GET.get("code", "")
    if code:
        normal = codes.normalise(code)
        if normal:
            return redirect("certificates:verify", code=normal)
        return _not_found(request, typed=code)
    return render(request, "certificates/verify.html", {"state": "ask"})


@require_GET
@never_cache
def verify(request, code: str):
    if _limited(request):
        return render(
            request, "certificates/verify.html", {"state": "limited"}, status=429
        )
    normal = codes.normalise(code)
    certificate = (
        Certificate.objects.filter(code_digest=codes.digest(normal))
        .select_related("replacement")
        .first()
        if normal
        else None
    )
    if certificate is None:
        return _not_found(request, typed=code)
    return render(request, "certificates/verify.html", _context(certificate))


def _not_found(request, *, typed: str):
    return render(
        request,
        "certificates/verify.html",
        {"state": "not_found", "typed": typed[:40]},
        status=404,
    )


def _context(certificate: Certificate) -> dict:
    snap = certificate.snapshot
    replacement_url = ""
    replacement = getattr(certificate, "replacement", None)
    if certificate.status == Certificate.Status.SUPERSEDED and replacement:
        replacement_url = reverse(
            "certificates:verify", args=[codes.unseal(replacement.code_sealed)]
        )
    return {
        "state": certificate.state(),
        "certificate": certificate,
        "holder": mask_name(snap.get("holder_name", "")),
        "snapshot": snap,
        "issued_on": _date(snap.get("issued_on")),
        "expires_on": _date(snap.get("expires_on")),
        "replacement_url": replacement_url,
    }


def _date(value):
    return date.fromisoformat(value) if value else None
