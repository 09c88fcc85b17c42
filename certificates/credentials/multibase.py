"""Multibase encodings used by Data Integrity: base58btc (``z…``) and base64url (``u…``).

See https://www.w3.org/TR/controller-document/#multibase-0. Base58 is small
enough to carry here rather than add a dependency for it.
"""

import base64

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: value for value, char in enumerate(BASE58_ALPHABET)}


def base58btc_encode(data: bytes) -> str:
    """Return ``data`` in base58 (Bitcoin alphabet), without a multibase prefix."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(BASE58_ALPHABET[remainder])
    # Each leading zero byte is written as a leading "1".
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """Return the bytes of base58 ``text``; raise ValueError on a foreign character."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _BASE58_INDEX[char]
        except KeyError:
            raise ValueError(f"not base58: {char!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_base58btc(data: bytes) -> str:
    """Return ``data`` as a multibase base58btc string (``z…``)."""
    return "z" + base58btc_encode(data)


def encode_base64url(data: bytes) -> str:
    """Return ``data`` as a multibase base64url string without padding (``u…``)."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode(value: str) -> bytes:
    """Decode a base58btc or base64url multibase string; raise ValueError otherwise."""
    if not isinstance(value, str) or not value:
        raise ValueError("a multibase value must be a non-empty string")
    prefix, body = value[0], value[1:]
    if prefix == "z":
        return base58btc_decode(body)
    if prefix == "u":
        if "=" in body:
            raise ValueError("multibase base64url is unpadded")
        try:
            return base64.b64decode(
                body + "=" * (-len(body) % 4), altchars=b"-_", validate=True
            )
        except ValueError as error:  # binascii.Error is a ValueError
            raise ValueError(f"not base64url: {error}") from None
    raise ValueError(f"unsupported multibase prefix {prefix!r}")
