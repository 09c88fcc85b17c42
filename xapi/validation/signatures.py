"""Signed Statements (xAPI 1.0.3 Data 2.6; 2.0.0 4.2.6 / conformance E.Data2.6).

A Signed Statement carries a JWS, compact serialisation, as the attachment
whose usageType is :data:`SIGNATURE_USAGE_TYPE`. The LRS MUST reject a
malformed signature: one that is not a JWS, uses another algorithm than
RS256/RS384/RS512, has a payload that is not the Statement, or (when the
header carries an X.509 chain in ``x5c``) does not verify against it.
"""

import base64
import binascii
import copy
import json
import re

from common import jsonsafe

from . import rsa
from .errors import XAPIValidationError, child, item
from .formats import parse_timestamp

SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
ALGORITHMS = ("RS256", "RS384", "RS512")
# Data 2.3.1: properties the LRS may assign, so differences are ignored.
_LRS_ASSIGNED = ("authority", "stored", "version")
_SECONDS = re.compile(r"(\d+)[.,](\d*)S$")


def is_signed_statement(statement: object) -> bool:
    """Return whether ``statement`` declares a signature attachment."""
    if not isinstance(statement, dict):
        return False
    attachments = statement.get("attachments")
    return isinstance(attachments, list) and any(
        _is_signature(attachment) for attachment in attachments
    )


def validate_signature(statement: dict, attachments: dict[str, bytes]) -> None:
    """Check every signature attachment of an already validated Statement.

    ``attachments`` maps the X-Experience-API-Hash of each received part to
    its raw bytes. Raise :class:`XAPIValidationError` naming the attachment
    when a signature is malformed.
    """
    for position, attachment in enumerate(statement.get("attachments", [])):
        if _is_signature(attachment):
            path = item("attachments", position)
            _check_signature(statement, attachment, attachments, path)


def _check_signature(
    statement: dict, attachment: dict, parts: dict[str, bytes], path: str
) -> None:
    media_type = attachment["contentType"].split(";")[0].strip().lower()
    if media_type != SIGNATURE_CONTENT_TYPE:
        raise XAPIValidationError(
            f"a signature must have contentType {SIGNATURE_CONTENT_TYPE}",
            child(path, "contentType"),
        )
    data = parts.get(attachment["sha2"], parts.get(attachment["sha2"].lower()))
    if data is None:
        raise XAPIValidationError(
            "no attachment part was received for the signature", child(path, "sha2")
        )
    header, payload, signing_input, signature = _decode_jws(data, path)
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise XAPIValidationError(
            f"the JWS algorithm must be one of {', '.join(ALGORITHMS)}", path
        )
    if not _equivalent(payload, statement):
        raise XAPIValidationError(
            "the JWS payload is not the Statement that was signed", path
        )
    if "x5c" in header:
        _verify_certificate(header["x5c"], algorithm, signing_input, signature, path)


def _decode_jws(data: bytes, path: str) -> tuple[dict, dict, bytes, bytes]:
    try:
        text = data.decode("ascii").strip()
        encoded_header, encoded_payload, encoded_signature = text.split(".")
        header = jsonsafe.loads(_b64url(encoded_header))
        payload = jsonsafe.loads(_b64url(encoded_payload))
        signature = _b64url(encoded_signature)
    except (UnicodeDecodeError, ValueError, binascii.Error) as error:
        raise XAPIValidationError(
            f"the signature is not a JWS compact serialization ({error})", path
        ) from error
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise XAPIValidationError(
            "the JWS header and payload must be JSON objects", path
        )
    signing_input = f"{encoded_header}.{encoded_payload}".encode("ascii")
    return header, payload, signing_input, signature


def _verify_certificate(
    chain: object, algorithm: str, message: bytes, signature: bytes, path: str
) -> None:
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        raise XAPIValidationError("the JWS x5c header must list certificates", path)
    try:
        # RFC 7515 section 4.1.6: base64 (not base64url) DER, signer first.
        certificate = base64.b64decode(chain[0], validate=True)
        public_key = rsa.public_key_from_certificate(certificate)
    except (ValueError, binascii.Error) as error:
        raise XAPIValidationError(
            f"the JWS x5c certificate cannot be read ({error})", path
        ) from error
    if not rsa.verify(algorithm, public_key, message, signature):
        raise XAPIValidationError(
            "the JWS signature does not verify against its x5c certificate", path
        )


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _equivalent(signed: dict, received: dict) -> bool:
    """Compare as Data 2.3.1 "Statement Comparison Requirements" ask."""
    signed, received = _comparable(signed), _comparable(received)
    for key in ("id", "timestamp"):
        # The LRS assigns these when absent, so only a conflict counts.
        if key not in signed or key not in received:
            signed.pop(key, None)
            received.pop(key, None)
    return signed == received


def _comparable(statement: dict) -> dict:
    """Return a normalised deep copy; the argument is left untouched."""
    result = copy.deepcopy(statement)
    for key in _LRS_ASSIGNED:
        result.pop(key, None)
    kept = [a for a in result.pop("attachments", []) if not _is_signature(a)]
    if kept:
        result["attachments"] = kept
    _normalise(result)
    substatement = result.get("object")
    if (
        isinstance(substatement, dict)
        and substatement.get("objectType") == "SubStatement"
    ):
        _normalise(substatement)
    return result


def _normalise(statement: dict) -> None:
    if isinstance(statement.get("timestamp"), str):
        # Data 2.3.1: timestamps may be re-serialised in another timezone.
        try:
            instant = parse_timestamp(statement["timestamp"], "timestamp")
            statement["timestamp"] = instant.timestamp()
        except XAPIValidationError:
            pass
    result = statement.get("result")
    if isinstance(result, dict) and isinstance(result.get("duration"), str):
        result["duration"] = _truncate_duration(result["duration"])
    for key in ("actor", "object"):
        _sort_members(statement.get(key))
    context = statement.get("context")
    if isinstance(context, dict):
        for key in ("instructor", "team"):
            _sort_members(context.get(key))
        activities = context.get("contextActivities")
        if isinstance(activities, dict):
            for key, value in activities.items():
                activities[key] = [value] if isinstance(value, dict) else value


def _truncate_duration(duration: str) -> str:
    # Data 4.6: precision beyond 0.01 s SHOULD* NOT count when comparing.
    def truncate(match: re.Match) -> str:
        fraction = match[2][:2].rstrip("0")
        return f"{match[1]}.{fraction}S" if fraction else f"{match[1]}S"

    return _SECONDS.sub(truncate, duration)


def _sort_members(agent: object) -> None:
    # Data 2.3.1: the members of a Group are an unordered list.
    if isinstance(agent, dict) and isinstance(agent.get("member"), list):
        agent["member"].sort(key=lambda member: json.dumps(member, sort_keys=True))


def _is_signature(attachment: object) -> bool:
    return (
        isinstance(attachment, dict)
        and attachment.get("usageType") == SIGNATURE_USAGE_TYPE
    )
