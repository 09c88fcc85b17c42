"""Revocation published as a W3C Bitstring Status List v1.0 credential.

https://www.w3.org/TR/vc-bitstring-status-list/: each credential names one
bit (its ``statusListIndex``) of a list; a set bit means revoked. Index 0 is
the left-most (most significant) bit of the first byte. The list is GZIP
compressed and written in multibase base64url. Expiry is not a status: it is
the credential's own ``validUntil``.
"""

import gzip
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime

from . import multibase
from .keys import issuer_did
from .loader import VC_V2
from .proof import sign, xsd_datetime

STATUS_PURPOSE = "revocation"
# The specification's minimum length, so that a list says little about any
# one holder (section 6.1, "herd privacy").
MIN_LIST_SIZE = 131072
# A published list is 16 KiB uncompressed; refuse to inflate far beyond that.
MAX_LIST_BYTES = 16 * 1024 * 1024


class StatusListError(ValueError):
    """A status list or an index into it is malformed."""


def status_entry(index: int, list_url: str) -> dict:
    """Return the ``credentialStatus`` pointing at bit ``index`` of the list at ``list_url``."""
    if index < 0:
        raise StatusListError("a status list index is not negative")
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def encode_list(revoked: Iterable[int], size: int = MIN_LIST_SIZE) -> str:
    """Return the ``encodedList`` of a list of ``size`` bits with ``revoked`` set."""
    if size < MIN_LIST_SIZE or size % 8:
        raise StatusListError(
            f"a status list has a multiple of 8 bits, at least {MIN_LIST_SIZE}"
        )
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise StatusListError(f"index {index} is outside a list of {size} bits")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 keeps the output the same for the same list.
    return multibase.encode_base64url(gzip.compress(bytes(bits), mtime=0))


def decode_list(encoded_list: str) -> bytes:
    """Return the bitstring of an ``encodedList``; raise StatusListError if malformed."""
    if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
        raise StatusListError("an encodedList is multibase base64url (u…)")
    try:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(multibase.decode(encoded_list), MAX_LIST_BYTES)
    except (ValueError, zlib.error) as error:
        raise StatusListError(f"the encodedList does not decode: {error}") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise StatusListError("the encodedList is truncated or too large")
    return bits


def status_list_credential(
    list_url: str,
    revoked: Iterable[int],
    size: int = MIN_LIST_SIZE,
    *,
    now: datetime | None = None,
) -> dict:
    """Return the signed BitstringStatusListCredential published at ``list_url``.

    ``revoked`` are the indexes of revoked credentials; ``now`` (default: the
    current time) is when this version of the list takes effect.
    """
    now = now or datetime.now(UTC)
    credential = {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": xsd_datetime(now),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_list(revoked, size),
        },
    }
    return sign(credential, created=now)


def is_revoked(list_credential: dict, index: int) -> bool:
    """Return whether bit ``index`` is set in a revocation list credential.

    The list's signature is not checked here (``proof.verify`` does that).
    Raise StatusListError for a list of another purpose or an index beyond it.
    """
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("not a BitstringStatusList credential")
    if subject.get("statusPurpose") != STATUS_PURPOSE:
        raise StatusListError("not a revocation list")
    bits = decode_list(subject.get("encodedList"))
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(
            f"index {index} is outside a list of {len(bits) * 8} bits"
        )
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
