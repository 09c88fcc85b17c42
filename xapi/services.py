"""Writes to the LRS: recording statements and keeping documents.

``record`` is the one way a statement enters the store, for HTTP clients and
for the rest of the platform alike.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import statements as pure
from . import storage
from . import vocabulary as v
from .agents import ifi
from .auth import enforce_statement_limits, own_statements_only
from .exceptions import BadRequest, Conflict, Forbidden
from .forwarding import forwarding_enabled, queue
from .models import (
    Attachment,
    Client,
    Statement,
)
from .projectors import check_depth, project
from .validation import (
    XAPIValidationError,
    is_signed_statement,
    parse_timestamp,
    validate_signature,
    validate_statements,
)


@dataclass
class AttachmentPart:
    content_type: str
    content: bytes


def record(
    statements: list[dict] | dict,
    *,
    authority: dict,
    version: str,
    client: Client | None = None,
    attachments: dict[str, AttachmentPart] | None = None,
) -> list[str]:
    """Validate and store statements; return their ids in order.

    Atomic: a batch is stored whole or not at all, and the registered
    projectors run in the same transaction. Idempotent: a statement whose id is
    already stored with the same content is skipped; different content under a
    stored id raises ``Conflict``. A limited ``client`` (``xapi.auth``) gets
    ``Forbidden``, nothing stored, when a statement reaches past its learner or
    activity, or voids (or refers to) a statement it did not write. Raises
    ``BadRequest`` for anything invalid, naming the property.
    """
    check_depth()
    batch = validate_statements(statements, version)
    enforce_statement_limits(client, batch)
    now = timezone.now()
    prepared = [
        pure.prepare(s, stored=now, authority=authority, version=version) for s in batch
    ]
    ids = [statement["id"] for statement in prepared]
    if len(set(ids)) != len(ids):
        raise BadRequest("The batch holds the same statement id more than once.")
    _check_attachments(prepared, attachments or {})
    _check_signatures(batch, attachments or {})
    _store_new(prepared, dict(zip(ids, batch, strict=True)), client, attachments or {})
    return ids


def _store_new(prepared, originals, client, attachments) -> None:
    # Most statements are new: the first attempt stores them without looking,
    # and a stored id makes the insert fail, so the next attempts compare with
    # what is stored (and with what another request stored meanwhile).
    for attempt in range(3):
        try:
            _store_and_project(prepared, originals, client, attachments, look=attempt)
            return
        except IntegrityError:
            if attempt == 2:
                raise


@transaction.atomic
def _store_and_project(prepared, originals, client, attachments, look) -> None:
    new = _skip_resent(prepared, originals) if look else prepared
    _check_references(new, client)
    _apply_voiding(new)
    _store(new, client, attachments)
    project(new)
    if new and forwarding_enabled():
        queue([statement["id"] for statement in new])
        transaction.on_commit(_schedule_forwarding)


def platform_authority() -> dict:
    """Return the authority of the statements the platform records about its learners."""
    return {
        "objectType": "Agent",
        "name": "LMS",
        "account": {"homePage": settings.SITE_BASE_URL, "name": "lms"},
    }


def record_statements(statements: list[dict]) -> list[str]:
    """Record statements of the platform's own events (lessons, exams, enrolments).

    The one entry for the other apps: the platform's authority and xAPI
    version, and everything ``record`` guarantees (atomic, idempotent,
    projected in the same transaction). Recording nothing costs nothing.
    """
    if not statements:
        return []
    return record(
        list(statements), authority=platform_authority(), version=v.PLATFORM_VERSION
    )


def _schedule_forwarding() -> None:
    from .tasks import forward_statements

    forward_statements.delay()


def _check_signatures(
    batch: list[dict], attachments: dict[str, AttachmentPart]
) -> None:
    contents = {sha2: part.content for sha2, part in attachments.items()}
    for position, statement in enumerate(batch):
        if is_signed_statement(statement):
            try:
                validate_signature(statement, contents)
            except XAPIValidationError as error:
                prefix = f"[{position}]." if len(batch) > 1 else ""
                raise XAPIValidationError(error.message, prefix + error.path) from error


def _skip_resent(prepared: list[dict], originals: dict) -> list[dict]:
    existing = {
        str(row.id): row.data
        for row in Statement.objects.filter(id__in=[s["id"] for s in prepared])
    }
    new = []
    for statement in prepared:
        stored = existing.get(statement["id"])
        if stored is None:
            new.append(statement)
        elif not pure.same_statement(stored, originals[statement["id"]]):
            raise Conflict(
                f"Statement {statement['id']} already exists with different content."
            )
    return new


def _check_references(new: list[dict], client: Client | None) -> None:
    """Raise 403 when a limited client voids or refers to a statement it did not write.

    Written means stored by the same client or under the same authority, or
    sent in the same batch; an unknown statement is not the client's.
    """
    if client is None:
        return
    own_only = own_statements_only(client)
    targets = {
        target
        for statement in new
        if (target := pure.referenced_statement(statement))
        and (client.activity_id or (own_only and pure.is_voiding(statement)))
    } - {statement["id"] for statement in new}
    if not targets:
        return
    authority = ifi(new[0]["authority"])
    owned = {
        str(row.id)
        for row in Statement.objects.filter(id__in=list(targets)).only("client", "data")
        if row.client_id == client.pk
        or ifi(row.data.get("authority") or {}) == authority
    }
    if targets - owned:
        raise Forbidden(
            "This credential may only void or refer to statements it wrote."
        )


def _apply_voiding(new: list[dict]) -> None:
    targets = {pure.voided_target(s): s for s in new if pure.voided_target(s)}
    if not targets:
        return
    rows = {str(row.id): row for row in Statement.objects.filter(id__in=list(targets))}
    for target_id in targets:
        row = rows.get(target_id)
        if row is not None and pure.is_voiding(row.data):
            raise BadRequest(
                f"Statement {target_id} is itself a voiding statement and cannot be voided."
            )
    Statement.objects.filter(id__in=list(rows)).update(voided=True)


def _store(new: list[dict], client, attachments: dict[str, AttachmentPart]) -> None:
    if not new:
        return
    batch_id = uuid.uuid4()
    # Every statement of one request shares its stored time (prepare() set it).
    stored = parse_timestamp(new[0]["stored"], "stored")
    client_id = client.pk if client is not None else None
    rows, agents, activities = [], [], []
    for statement in new:
        statement_id = statement["id"]
        rows.append(
            (
                statement_id,
                stored,
                parse_timestamp(statement["timestamp"], "timestamp"),
                statement["verb"]["id"],
                statement.get("context", {}).get("registration"),
                pure.voided_target(statement),
                pure.referenced_statement(statement),
                client_id,
                statement,
                batch_id,
            )
        )
        verb = statement["verb"]["id"]
        agents += [
            (statement_id, i, r, stored, verb) for i, r in pure.index_agents(statement)
        ]
        activities += [
            (statement_id, a, r, stored) for a, r in pure.index_activities(statement)
        ]
    storage.insert_rows(rows, agents, activities, _definitions(new))
    _store_attachments(attachments)


def _check_attachments(
    prepared: list[dict], attachments: dict[str, AttachmentPart]
) -> None:
    """Every attachment without a fileUrl needs its content in the request, and no extra."""
    wanted = set()
    for statement in prepared:
        for attachment in statement.get("attachments", []):
            if "fileUrl" not in attachment:
                wanted.add(attachment["sha2"])
    missing = wanted - attachments.keys()
    if missing:
        raise BadRequest(f"Attachment content missing for sha2 {sorted(missing)[0]}.")
    declared = {a["sha2"] for s in prepared for a in s.get("attachments", [])}
    extra = attachments.keys() - declared
    if extra:
        raise BadRequest(
            f"Attachment part {sorted(extra)[0]} is not declared by any statement."
        )


def _store_attachments(attachments: dict[str, AttachmentPart]) -> None:
    known = set(
        Attachment.objects.filter(sha2__in=list(attachments)).values_list(
            "sha2", flat=True
        )
    )
    Attachment.objects.bulk_create(
        [
            Attachment(sha2=sha2, content_type=part.content_type, content=part.content)
            for sha2, part in attachments.items()
            if sha2 not in known
        ],
        ignore_conflicts=True,
    )


def _definitions(new: list[dict]) -> dict[str, dict]:
    """The definitions the batch gives its activities, merged in the batch's order."""
    definitions: dict[str, dict] = {}
    for statement in new:
        for activity in pure.defined_activities(statement):
            current = definitions.get(activity["id"])
            if current != activity["definition"]:
                definitions[activity["id"]] = pure.merge_definition(
                    current or {}, activity["definition"]
                )
    return definitions
