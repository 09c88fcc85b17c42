"""Issue first-sign-in codes to staff without a password, and redeem them.

A code goes only to an active staff member whose account has never had a
password and is not an administrator's: a code for an account with a
password would let whoever issues it take that account over. Issuing a new
code withdraws the person's unused ones. Codes are compared by keyed hash,
work once, and expire; the views limit how often anyone may guess.
"""

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.actions import Action
from audit.services import record_event

from .accounts import protected_user_ids
from .models import ActivationCode, StaffMember

# Crockford's base32 without the look-alikes: what a code on paper is typed from.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 3, 4  # ABCD-EFGH-JKMN: about 59 bits
MAX_DAYS = 90


@dataclass
class IssuedCode:
    staff: StaffMember
    code: str
    expires_at: object


def _hash(code: str) -> str:
    # Hyphens and spaces are how a code is grouped on paper, not part of it.
    symbols = "".join(char for char in normalise(code) if char.isalnum())
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, symbols.encode(), hashlib.sha256).hexdigest()


def normalise(text: str) -> str:
    """A typed code or employee ID as stored: half width, no spaces, upper case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(
        raw[start : start + GROUP_LENGTH] for start in range(0, len(raw), GROUP_LENGTH)
    )


def staff_awaiting_codes(user):
    """The staff ``user`` may issue codes to: in scope, active, without a password."""
    staff = (
        StaffMember.objects.visible_to(user)
        .active()
        .filter(user__is_active=True, user__password__startswith="!")
        .exclude(user=user)
        .select_related("department", "user")
        .order_by("department__tree_path", "employee_id")
    )
    protected = protected_user_ids(staff.values_list("user_id", flat=True))
    return staff.exclude(user_id__in=protected)


@transaction.atomic
def issue_codes(*, issued_by, days: int) -> list[IssuedCode]:
    """Give every staff member awaiting one a new code valid for ``days`` days."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    staff = list(staff_awaiting_codes(issued_by))
    ActivationCode.objects.filter(staff__in=staff, used_at__isnull=True).delete()
    expires_at = timezone.now() + timedelta(days=days)
    issued = [IssuedCode(member, _new_code(), expires_at) for member in staff]
    ActivationCode.objects.bulk_create(
        ActivationCode(
            staff=item.staff,
            code_hash=_hash(item.code),
            expires_at=expires_at,
            issued_by=issued_by,
        )
        for item in issued
    )
    if issued:
        record_event(
            action=Action.ACTIVATION_CODES_ISSUED,
            actor=issued_by,
            details={"count": len(issued), "days": days},
        )
    return issued


@transaction.atomic
def redeem_code(*, employee_id: str, code: str, password: str, request=None):
    """Set the password of the staff member the code was issued to.

    Return the account, or None when the employee ID and code do not make a
    valid unused code (the caller says so without telling which was wrong).
    """
    found = (
        ActivationCode.objects.select_for_update()
        .select_related("staff__user")
        .filter(
            code_hash=_hash(code),
            staff__employee_id=normalise(employee_id),
            staff__is_active=True,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if found is None or found.staff.user.has_usable_password():
        return None
    user = found.staff.user
    user.set_password(password)
    user.save(update_fields=["password"])
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    record_event(
        action=Action.ACCOUNT_ACTIVATED, actor=user, target=user, request=request
    )
    return user
