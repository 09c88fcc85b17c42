"""The second factor: who needs one, enrolling a TOTP device, recovery codes.

Administrators (superusers and the Administrator role) and HR officers sign
in with a password and a six-digit code from an authenticator app (TOTP,
RFC 6238, through django-otp). When the setting ``OTP_REQUIRED`` is on, the
``SecondFactorMiddleware`` keeps them on the enrolment or verification page
until they have passed it in this session.
"""

import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.actions import Action
from audit.services import record_event
from people import roles
from people.accounts import is_protected

from .models import RecoveryCode, RecoveryCodeDevice, digest_code, new_code

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RESET_PERMISSION = "auth.change_user"


class SecondFactorResetRefused(Exception):
    """The acting user may not reset this user's second factor."""


def needs_second_factor(user: AbstractBaseUser) -> bool:
    """Whether ``user`` holds a role that signs in with a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[roles.ADMINISTRATOR, roles.HR_OFFICER]).exists()


def has_confirmed_totp(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(*, user: AbstractBaseUser) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device, creating one with a fresh key.

    The key stays the same until the device is confirmed, so reloading the
    enrolment page does not invalidate a QR code already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp(*, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` if ``token`` is its current code; drop the user's others.

    A user has one authenticator at a time: confirming a new one removes any
    earlier device, so a lost phone stops working once a new one is set up.
    """
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return True


@transaction.atomic
def issue_recovery_codes(*, user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with ten new ones; return them in clear.

    The caller shows them once; only their digests are stored.
    """
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(
        user=user, name="recovery codes", confirmed=True
    )
    codes = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=digest_code(code)) for code in codes
    )
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


def verify_second_factor(*, user: AbstractBaseUser, token: str) -> Device | None:
    """Return the device that accepts ``token`` (a TOTP code or a recovery code).

    Each device counts its failures and makes the user wait longer after
    each one (django-otp's throttling), so codes cannot be guessed quickly.
    """
    token = token.strip()
    if not token:
        return None
    return match_token(user, token)


def is_recovery_device(device: Device) -> bool:
    return isinstance(device, RecoveryCodeDevice)


def qr_code_svg(device: TOTPDevice) -> str:
    """An inline SVG QR code of the device's ``otpauth://`` URI."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def may_reset_second_factor(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> bool:
    """Whether ``actor`` may remove ``user``'s devices (a lost authenticator).

    Only someone who manages accounts (``auth.change_user``: administrators),
    never for themselves (a stolen session must not swap the factor it
    passed), and an administrator's account only by a superuser, as with
    every other change to it (``people.accounts``).
    """
    if not (actor.is_authenticated and actor.is_active) or actor.pk == user.pk:
        return False
    if not actor.has_perm(RESET_PERMISSION):
        return False
    return actor.is_superuser or not is_protected(user)


@transaction.atomic
def reset_second_factor(
    *, user: AbstractBaseUser, by: AbstractBaseUser, address: str | None = None
) -> int:
    """Remove every device of ``user`` (authenticators and recovery codes); audit it.

    Return how many devices were removed. ``user`` must set up an
    authenticator again at the next sign-in, and any session of theirs that
    passed the second factor with a removed device is held again at once.
    Raises ``SecondFactorResetRefused``, removing nothing, unless
    ``may_reset_second_factor(actor=by, user=user)``.
    """
    if not may_reset_second_factor(actor=by, user=user):
        raise SecondFactorResetRefused(user.get_username())
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    record_event(
        action=Action.OTP_RESET,
        actor=by,
        target=user,
        address=address,
        details={"devices": len(devices)},
    )
    return len(devices)
