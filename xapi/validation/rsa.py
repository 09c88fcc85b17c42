"""RSASSA-PKCS1-v1_5 verification with an X.509 certificate, standard library only.

Signed Statements (Data 2.6) use RS256/RS384/RS512 and SHOULD carry the
signer's certificate chain in the JWS ``x5c`` header. The ``cryptography``
package is not a dependency of this project, so the public key is read from
the certificate's DER encoding here and the signature checked as RFC 8017
section 8.2.2 describes. The certificate itself is not trusted or checked:
Data 2.6 says this step "is intended as a way to catch mistakes in the
signature, not as a security measure".
"""

import hashlib

# RFC 8017 section 9.2, note 1: DER of DigestInfo up to the digest bytes.
_DIGEST_INFO = {
    "RS256": (
        hashlib.sha256,
        bytes.fromhex("3031300d060960864801650304020105000420"),
    ),
    "RS384": (
        hashlib.sha384,
        bytes.fromhex("3041300d060960864801650304020205000430"),
    ),
    "RS512": (
        hashlib.sha512,
        bytes.fromhex("3051300d060960864801650304020305000440"),
    ),
}
_RSA_ENCRYPTION_OID = bytes.fromhex("2a864886f70d010101")


class DERError(ValueError):
    """The bytes are not the DER structure expected."""


def der_children(data: bytes) -> list[tuple[int, bytes]]:
    """Split DER ``data`` into its top-level (tag, content) elements."""
    elements = []
    offset = 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise DERError("truncated element")
        tag, length = data[offset], data[offset + 1]
        offset += 2
        if length & 0x80:
            size = length & 0x7F
            if not 0 < size <= 4 or offset + size > len(data):
                raise DERError("bad length")
            length = int.from_bytes(data[offset : offset + size], "big")
            offset += size
        if offset + length > len(data):
            raise DERError("truncated content")
        elements.append((tag, data[offset : offset + length]))
        offset += length
    return elements


def public_key_from_certificate(certificate: bytes) -> tuple[int, int]:
    """Return the RSA modulus and exponent of a DER X.509 certificate."""
    (tag, body), *_ = der_children(certificate) or [(0, b"")]
    if tag != 0x30:
        raise DERError("certificate is not a SEQUENCE")
    tbs_tag, tbs = der_children(body)[0]
    fields = der_children(tbs)
    if tbs_tag != 0x30 or not fields:
        raise DERError("no tbsCertificate")
    if fields[0][0] == 0xA0:  # explicit [0] version
        fields = fields[1:]
    # serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
    if len(fields) < 6:
        raise DERError("tbsCertificate is too short")
    algorithm, bit_string = der_children(fields[5][1])[:2]
    if der_children(algorithm[1])[0][1] != _RSA_ENCRYPTION_OID:
        raise DERError("the certificate key is not an RSA key")
    if bit_string[0] != 0x03 or bit_string[1][:1] != b"\x00":
        raise DERError("bad subjectPublicKey")
    (_, key), *_ = der_children(bit_string[1][1:])
    modulus, exponent = der_children(key)[:2]
    return int.from_bytes(modulus[1], "big"), int.from_bytes(exponent[1], "big")


def verify(
    algorithm: str, public_key: tuple[int, int], message: bytes, signature: bytes
) -> bool:
    """Return whether ``signature`` is ``algorithm``'s signature of ``message``."""
    digest, prefix = _DIGEST_INFO[algorithm]
    modulus, exponent = public_key
    size = (modulus.bit_length() + 7) // 8
    if len(signature) != size:
        return False
    value = int.from_bytes(signature, "big")
    if value >= modulus:
        return False
    encoded = pow(value, exponent, modulus).to_bytes(size, "big")
    digest_info = prefix + digest(message).digest()
    padding = size - len(digest_info) - 3
    if padding < 8:
        return False
    return encoded == b"\x00\x01" + b"\xff" * padding + b"\x00" + digest_info
