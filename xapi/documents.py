"""Documents of the State, Activity Profile and Agent Profile resources.

xAPI 1.0.3 Communication 2.2–2.7 and 3.1; IEEE 9274.1.1 (xAPI 2.0) 4.1.4 and
4.1.6.2, 4.1.6.5, 4.1.6.6. A document is opaque bytes with a Content-Type,
except that POST merges JSON objects one level deep. Writes are guarded by
entity tags (RFC 7232) so that a client cannot overwrite a change it has not
seen.

The pure helpers come first; the service functions below them read and write
``Document`` rows and are the only code that does.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from common import jsonsafe

from .exceptions import BadRequest, Conflict, NotFound, PreconditionFailed
from .models import Document

JSON_MEDIA_TYPE = "application/json"
DEFAULT_MEDIA_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Owner:
    """What a set of documents belongs to.

    ``kind`` is a ``Document.Kind``; a State has an activity and an agent, an
    Activity Profile an activity, an Agent Profile an agent (its IFI from
    ``xapi.agents.ifi``). ``registration`` is ``None`` when the request names
    none: a single document is then the one stored without a registration,
    while a list or a delete-all covers every registration.
    """

    kind: str
    activity_id: str = ""
    agent_ifi: str = ""
    registration: str | None = None


@dataclass(frozen=True)
class Preconditions:
    """The conditional headers of a write and the xAPI rule on their absence.

    ``if_match`` and ``if_none_match`` are the raw header values (``None``
    when absent). ``header_required`` makes a PUT over an existing document
    without either header a 409 Conflict (1.0.3 Communication 3.1; 2.0
    4.1.4).
    """

    if_match: str | None = None
    if_none_match: str | None = None
    header_required: bool = False
    missing_is_bad_request: bool = False


# Pure helpers ---------------------------------------------------------------


def compute_etag(content: bytes) -> str:
    """Return the strong entity tag of ``content``: its quoted SHA-1 in hex.

    1.0.3 Communication 3.1 says the ETag SHOULD be the SHA-1 of the content
    and the 1.0.3 conformance suite checks for 40 hex digits between quotes;
    2.0 names no algorithm, so one tag serves both versions.
    """
    return '"' + hashlib.sha1(content, usedforsecurity=False).hexdigest() + '"'


def is_json(content_type: str) -> bool:
    """Return whether a Content-Type is ``application/json`` (any parameters)."""
    return content_type.split(";", 1)[0].strip().lower() == JSON_MEDIA_TYPE


def parse_json_object(content: bytes, what: str) -> dict:
    """Parse ``content`` as a JSON object or raise 400 naming ``what``."""
    try:
        value = jsonsafe.loads(content)
    except ValueError as error:
        raise BadRequest(f"The {what} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise BadRequest(f"The {what} is not a JSON object.")
    return value


def merge_json(existing: dict, incoming: dict) -> bytes:
    """Merge ``incoming`` over ``existing`` one level deep; return UTF-8 JSON.

    1.0.3 Communication 2.2 "JSON Procedure with Requirements": top-level
    properties of the posted document replace those of the stored one whole,
    the others are kept.
    """
    merged = {**existing, **incoming}
    return json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()


def check_preconditions(current_etag: str | None, preconditions: Preconditions) -> None:
    """Raise 412 or 409 unless a write may go ahead on the current document.

    ``current_etag`` is ``None`` when no document exists. ``If-Match`` uses the
    strong comparison and fails when there is no document; ``If-None-Match``
    the weak one (RFC 7232 sections 3.1, 3.2).
    """
    if preconditions.if_match is not None and not _etag_listed(
        preconditions.if_match, current_etag, weak=False
    ):
        raise PreconditionFailed("If-Match does not match the current document.")
    if preconditions.if_none_match is not None and _etag_listed(
        preconditions.if_none_match, current_etag, weak=True
    ):
        raise PreconditionFailed("If-None-Match matches the current document.")
    no_header = preconditions.if_match is None and preconditions.if_none_match is None
    if (
        preconditions.header_required
        and no_header
        and current_etag is None
        and preconditions.missing_is_bad_request
    ):
        # The 1.0.3 conformance suite (XAPI-00273, XAPI-00287) requires a
        # precondition header even for a new profile document.
        raise BadRequest(
            "Send If-None-Match: * to create a profile document, or If-Match "
            "with the ETag of the one you replace."
        )
    if preconditions.header_required and no_header and current_etag is not None:
        raise Conflict(
            "The document already exists: send If-Match with its ETag to replace "
            "it, or If-None-Match: * to write only a new document."
        )


def _etag_listed(header: str, etag: str | None, *, weak: bool) -> bool:
    if etag is None:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags:
        return True
    return _opaque(etag, weak=True) in {_opaque(tag, weak=weak) for tag in tags}


def _opaque(tag: str, *, weak: bool) -> str:
    # A weak tag never equals a strong one under the strong comparison, so
    # its "W/" is kept then. Unquoted tags are accepted: some clients send
    # the hash bare.
    if weak and tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"')


# Services -------------------------------------------------------------------


def get_document(*, owner: Owner, document_id: str) -> Document:
    """Return the document ``document_id`` of ``owner``; raise 404 if none."""
    document = _single(owner, document_id).first()
    if document is None:
        raise NotFound("No such document.")
    return document


def list_document_ids(*, owner: Owner, since: datetime | None = None) -> list[str]:
    """Return the ids of ``owner``'s documents, optionally only those stored after ``since``.

    ``since`` is exclusive (1.0.3 Communication 2.3 "since": "stored since
    the specified Timestamp (exclusive)").
    """
    documents = _many(owner)
    if since is not None:
        documents = documents.filter(updated__gt=since)
    ids = documents.order_by("document_id").values_list("document_id", flat=True)
    return list(ids.distinct())


def save_document(
    *,
    owner: Owner,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
) -> Document:
    """Store ``content`` as the document, replacing any current one (PUT).

    Atomic: the current row is locked while the preconditions are checked and
    the write is made. Two requests creating the same document at once still
    make one row: the unique constraint rejects the second insert, which is
    then checked and applied again as a write over the first.

    Raise 412 (PreconditionFailed) or 409 (Conflict) per ``preconditions``;
    the stored document is then unchanged.
    """

    def write(current: Document | None) -> Document:
        check_preconditions(current.etag if current else None, preconditions)
        return _store(current, owner, document_id, content, content_type)

    return _locked_write(owner, document_id, write)


def merge_document(
    *,
    owner: Owner,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
) -> Document:
    """Merge a posted JSON object into the document, or store it if none exists (POST).

    1.0.3 Communication 2.2: with no current document the request is a PUT;
    otherwise both documents must be ``application/json`` JSON objects, else
    400 and no change. A posted ``application/json`` body that is not a JSON
    object is refused in either case. Atomic and race-safe as
    ``save_document``; raise 412 per ``preconditions``.
    """
    incoming = parse_json_object(content, "document") if is_json(content_type) else None

    def write(current: Document | None) -> Document:
        check_preconditions(current.etag if current else None, preconditions)
        if current is None:
            return _store(None, owner, document_id, content, content_type)
        if incoming is None:
            raise BadRequest(
                "Only an application/json document can be merged into a stored one."
            )
        if not is_json(current.content_type):
            raise BadRequest(
                "The stored document is not application/json and cannot be merged."
            )
        existing = parse_json_object(current.content, "stored document")
        merged = merge_json(existing, incoming)
        return _store(current, owner, document_id, merged, JSON_MEDIA_TYPE)

    return _locked_write(owner, document_id, write)


def delete_documents(
    *,
    owner: Owner,
    document_id: str | None = None,
    preconditions: Preconditions | None = None,
) -> int:
    """Delete one document, or all of ``owner``'s when ``document_id`` is None.

    Return how many were deleted; deleting a missing document is not an
    error. ``preconditions`` apply to a single document only (a set of
    documents has no entity tag) and raise 412 with nothing deleted.
    """
    if document_id is None:
        deleted, _by_model = _many(owner).delete()
        return deleted
    with transaction.atomic():
        current = _single(owner, document_id).select_for_update().first()
        if preconditions is not None:
            check_preconditions(current.etag if current else None, preconditions)
        if current is None:
            return 0
        current.delete()
        return 1


def _locked_write(
    owner: Owner, document_id: str, write: Callable[[Document | None], Document]
) -> Document:
    for attempt in range(2):
        try:
            with transaction.atomic():
                current = _single(owner, document_id).select_for_update().first()
                return write(current)
        except IntegrityError:
            # A concurrent request created the row after the lookup above; the
            # retry finds and locks it.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _store(
    current: Document | None,
    owner: Owner,
    document_id: str,
    content: bytes,
    content_type: str,
) -> Document:
    document = current or Document(
        kind=owner.kind,
        activity_id=owner.activity_id,
        agent_ifi=owner.agent_ifi,
        registration=owner.registration or "",
        document_id=document_id,
    )
    document.content = bytes(content)
    document.content_type = content_type or DEFAULT_MEDIA_TYPE
    document.etag = compute_etag(document.content)
    document.updated = timezone.now()
    document.save(force_insert=current is None)
    return document


def _many(owner: Owner):
    documents = Document.objects.filter(
        kind=owner.kind, activity_id=owner.activity_id, agent_ifi=owner.agent_ifi
    )
    if owner.registration is not None:
        documents = documents.filter(registration=owner.registration)
    return documents


def _single(owner: Owner, document_id: str):
    return Document.objects.filter(
        kind=owner.kind,
        activity_id=owner.activity_id,
        agent_ifi=owner.agent_ifi,
        registration=owner.registration or "",
        document_id=document_id,
    )
