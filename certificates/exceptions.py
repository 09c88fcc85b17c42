from django.core.exceptions import PermissionDenied


class CertificateError(ValueError):
    """An action on a certificate that its state does not allow; the message says why."""


class NotInScope(PermissionDenied):
    """The certificate's holder is outside the acting user's departments."""
