"""Verification codes: drawn at random, looked up by digest, sealed for the holder.

A code is 20 symbols of Crockford's base32 (100 bits from ``secrets``),
printed in groups of four. Readers mistype it, so lookups normalise case,
separators and the letters Crockford's alphabet folds (O→0, I and L→1).
"""

import base64
import hashlib
import re
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # 20 × 5 = 100 bits
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """Return the code's canonical form (grouped), or '' when it cannot be one."""
    raw = _SEPARATORS.sub("", code or "").upper().translate(_FOLD)
    if len(raw) != LENGTH or any(symbol not in ALPHABET for symbol in raw):
        return ""
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def _fernet() -> Fernet:
    material = hashlib.sha256(
        b"certificates.codes.seal:" + settings.SECRET_KEY.encode()
    ).digest()
    return Fernet(base64.urlsafe_b64encode(material))


def seal(code: str) -> str:
    return _fernet().encrypt(code.encode()).decode()


def unseal(sealed: str) -> str:
    """Return the sealed code, or '' when SECRET_KEY has changed since it was sealed."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
