"""Signing in past the second factor in tests, the real way or the short way.

``VerifiedClient.force_login`` is what tests of HR and admin pages use: like
Django's, it skips the password, and it also skips typing a code, by
enrolling a TOTP device for a user who needs one and recording it in the
session as django-otp's own login does. The middleware and django-otp then
check that device exactly as they check a real one.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.otp import needs_second_factor


def enrol_totp(user) -> TOTPDevice:
    """Return the user's confirmed TOTP device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


class VerifiedClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = enrol_totp(user).persistent_id
            session.save()


def sign_in_with_code(client: Client, user, password: str):
    """Sign in through the login form, then the code page; return the last response."""
    client.post(
        "/accounts/login/", {"username": user.get_username(), "password": password}
    )
    device = enrol_totp(user)
    return client.post("/accounts/two-step/", {"code": current_code(device)})
