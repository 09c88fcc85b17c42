"""Recovery codes for the second factor, kept as digests.

django-otp's static device stores its codes in clear text; these are stored
as SHA-256 digests instead, so a copy of the database does not give anybody
a way past the second factor. Each code carries 80 random bits, which makes
a fast digest as safe as a slow one: there is nothing to guess.
"""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

# Lower-case base32 without the letters people confuse with digits.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_GROUPS = 4
GROUP_LENGTH = 4


def normalise_code(text: str) -> str:
    """Drop spaces, dashes and case, as people type codes back in all those ways."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def digest_code(text: str) -> str:
    return hashlib.sha256(normalise_code(text).encode()).hexdigest()


def new_code() -> str:
    groups = (
        "".join(secrets.choice(_ALPHABET) for _ in range(GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A set of single-use recovery codes, consumed in any order."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        return 1

    def verify_token(self, token):
        allowed, _reason = self.verify_is_allowed()
        if not allowed or not normalise_code(str(token)):
            return False
        used, _per_model = self.codes.filter(digest=digest_code(str(token))).delete()
        if used:
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(
        RecoveryCodeDevice, related_name="codes", on_delete=models.CASCADE
    )
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return f"recovery code {self.pk}"


# Defined beside the permission policy it goes with; imported here so that
# Django finds the model.
from .admin_scope import ScopedLogEntry  # noqa: E402,F401
