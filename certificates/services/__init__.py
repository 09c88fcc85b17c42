"""The services of certificates: issuing, what follows issue, documents, renewal."""

from .documents import rendering_deferred, store_pdf, verify_url
from .issuing import issue_for_completion
from .lifecycle import correct_holder_name, rerender_certificate, revoke_certificate
from .renewal import renew_expiring

__all__ = [
    "correct_holder_name",
    "issue_for_completion",
    "renew_expiring",
    "rendering_deferred",
    "rerender_certificate",
    "revoke_certificate",
    "store_pdf",
    "verify_url",
]
