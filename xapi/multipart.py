"""multipart/mixed bodies: statements with attachments (Communication 1.5.2)."""

import email.parser
import email.policy
import hashlib
import uuid

from .exceptions import BadRequest

_HASHES = {64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


def parse_mixed(
    body: bytes, content_type: str
) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    """Return the statement JSON part and the attachments keyed by their SHA-2.

    Each attachment part must carry ``X-Experience-API-Hash`` matching its
    content, and ``Content-Transfer-Encoding: binary``.
    """
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise BadRequest("A multipart/mixed body needs a boundary and parts.")
    parts = list(message.iter_parts())
    if not parts:
        raise BadRequest("The multipart body has no parts.")
    first = parts[0]
    if first.get_content_type() != "application/json":
        raise BadRequest("The first part of a multipart body must be application/json.")
    attachments = {}
    for part in parts[1:]:
        sha2 = (part.get("X-Experience-API-Hash") or "").strip().lower()
        if not sha2:
            raise BadRequest(
                "Every attachment part needs an X-Experience-API-Hash header."
            )
        if (
            part.get("Content-Transfer-Encoding") or "binary"
        ).strip().lower() != "binary":
            raise BadRequest(
                "Attachment parts must use Content-Transfer-Encoding: binary."
            )
        content = part.get_payload(decode=True) or b""
        digest = _HASHES.get(len(sha2))
        if digest is None or digest(content).hexdigest() != sha2:
            raise BadRequest(
                f"The content of attachment {sha2} does not match its hash."
            )
        attachments[sha2] = (part.get_content_type(), content)
    return first.get_payload(decode=True) or b"", attachments


def build_mixed(
    json_body: bytes, attachments: list[tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    """Return a multipart/mixed body and its content type for a statement result."""
    boundary = uuid.uuid4().hex
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json_body,
        b"\r\n",
    ]
    for sha2, content_type, content in attachments:
        chunks += [
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\n"
                f"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n"
            ).encode(),
            content,
            b"\r\n",
        ]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'
