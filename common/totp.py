"""TOTP devices (django-otp) that any layer may create: the demo's, with published keys.

Here rather than in ``lms.otp`` because the demo data (``people.demo``, run by
``seed_demo``) sits below ``lms`` in the layering and must enrol the demo
administrator's and HR officer's authenticators itself.
"""

import base64
import hashlib

from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_TOTP_NAME = "demo authenticator"


def secret_text(device: TOTPDevice) -> str:
    """The device's key in base32, as authenticator apps take it, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_key(username: str) -> str:
    """Demo only: a published key per demo user, so anyone can compute the codes."""
    return hashlib.sha1(f"civil-lms demo TOTP {username}".encode()).hexdigest()


def ensure_demo_device(user) -> str:
    """Demo only: give ``user`` a confirmed TOTP device with its published key.

    Returns the base32 secret to enter into an authenticator app. Idempotent;
    any other TOTP device of the user is replaced.
    """
    device, _created = TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_TOTP_NAME,
        defaults={"key": demo_key(user.get_username()), "confirmed": True},
    )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return secret_text(device).replace(" ", "")
