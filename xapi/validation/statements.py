"""Statements, their objects, results and attachments.

References are to the xAPI 1.0.3 Data part; IEEE 9274.1.1 (xAPI 2.0) keeps
the same rules under section 4.2 unless a comment says otherwise.
"""

import re

from ..vocabulary import VOIDED
from .activities import validate_activity
from .agents import IFI_PROPERTIES, validate_agent, validate_authority
from .context import validate_context, validate_statement_ref
from .errors import XAPIValidationError, child, item
from .fields import (
    VERSION_2,
    check_bool,
    check_enum,
    check_integer,
    check_iri,
    check_list,
    check_number,
    check_object,
    check_string,
    check_timestamp,
    check_uuid,
    spec_version,
    validate_extensions,
    validate_language_map,
)
from .formats import is_duration, is_media_type, is_sha2_hex

OBJECT_TYPES = ("Activity", "Agent", "Group", "StatementRef", "SubStatement")
_COMMON_PROPERTIES = (
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "attachments",
)
_STATEMENT_PROPERTIES = (*_COMMON_PROPERTIES, "id", "stored", "authority", "version")
# Data 2.4.4.3: a SubStatement MUST NOT have these.
_SUBSTATEMENT_FORBIDDEN = ("id", "stored", "version", "authority")
# Data 2.4.10: "1.0" or "1.0.x"; xAPI 2.0 (4.2.4.3) adds "2.0.x" and the 2.0
# conformance suite still accepts "1.0" and "1.0.9".
_VERSIONS = {
    "1.0.3": re.compile(r"1\.0(?:\.\d+)?"),
    "2.0.0": re.compile(r"(?:1|2)\.0(?:\.\d+)?"),
}


def validate_statements(body: object, version: str) -> list[dict]:
    """Validate a POST body: one Statement or a non-empty array of them.

    Return the Statements as a list (the input objects, not copies). Reject
    a batch that uses one id twice (Communication 2.1.2: the LRS SHOULD*
    reject it with 400 Bad Request).
    """
    if isinstance(body, dict):
        validate_statement(body, version)
        return [body]
    if not isinstance(body, list):
        raise XAPIValidationError("must be a Statement or an array of Statements")
    if not body:
        raise XAPIValidationError("must contain at least one Statement")
    seen: set[str] = set()
    for position, statement in enumerate(body):
        validate_statement(statement, version, in_batch_position=position)
        statement_id = statement.get("id")
        if statement_id is not None:
            if statement_id.lower() in seen:
                raise XAPIValidationError(
                    "is used by another Statement of the batch",
                    child(item("", position), "id"),
                )
            seen.add(statement_id.lower())
    return body


def validate_statement(
    statement: object, version: str, *, in_batch_position: int | None = None
) -> None:
    """Validate one Statement against the rules of ``version``.

    ``version`` is the request's X-Experience-API-Version ("1.0.3" or
    "2.0.0"). ``in_batch_position`` prefixes error paths with ``[n]``. The
    statement is not modified.
    """
    rules = spec_version(version)
    path = "" if in_batch_position is None else item("", in_batch_position)
    check_object(
        statement,
        path,
        required=("actor", "verb", "object"),
        optional=_STATEMENT_PROPERTIES,
    )
    _validate_body(statement, rules, path)
    if "id" in statement:
        check_uuid(statement["id"], child(path, "id"))
    if "stored" in statement:
        # Data 2.4.8: the LRS SHOULD validate, then overwrite, "stored".
        check_timestamp(statement["stored"], child(path, "stored"))
    if "authority" in statement:
        validate_authority(statement["authority"], rules, child(path, "authority"))
    if "version" in statement:
        _validate_version(statement["version"], rules, child(path, "version"))
    _validate_voiding(statement, path)


def _validate_body(statement: dict, version: str, path: str) -> None:
    """Validate what Statements and SubStatements share."""
    validate_agent(statement["actor"], version, child(path, "actor"))
    _validate_verb(statement["verb"], child(path, "verb"))
    object_type = _validate_object(statement["object"], version, child(path, "object"))
    if "result" in statement:
        _validate_result(statement["result"], child(path, "result"))
    if "context" in statement:
        validate_context(
            statement["context"], version, child(path, "context"), object_type
        )
    if "timestamp" in statement:
        check_timestamp(statement["timestamp"], child(path, "timestamp"))
    if "attachments" in statement:
        _validate_attachments(statement["attachments"], child(path, "attachments"))


def _validate_verb(value: object, path: str) -> None:
    check_object(value, path, required=("id",), optional=("display",))
    check_iri(value["id"], child(path, "id"))
    if "display" in value:
        validate_language_map(value["display"], child(path, "display"))


def _validate_object(value: object, version: str, path: str) -> str:
    """Validate the object of a Statement and return its objectType."""
    if not isinstance(value, dict):
        raise XAPIValidationError("must be a JSON object", path)
    type_path = child(path, "objectType")
    if "objectType" not in value:
        # Data 2.4.4.2: an Agent or Group object MUST carry objectType; name
        # the missing property instead of rejecting "mbox" as unknown.
        if "id" not in value and any(key in value for key in IFI_PROPERTIES):
            raise XAPIValidationError(
                "is required when the object is an Agent or Group", type_path
            )
        validate_activity(value, path)
        return "Activity"
    object_type = check_enum(value["objectType"], type_path, OBJECT_TYPES)
    if object_type == "Activity":
        validate_activity(value, path)
    elif object_type in ("Agent", "Group"):
        validate_agent(value, version, path)
    elif object_type == "StatementRef":
        validate_statement_ref(value, path)
    else:
        _validate_substatement(value, version, path)
    return object_type


def _validate_substatement(value: dict, version: str, path: str) -> None:
    for key in _SUBSTATEMENT_FORBIDDEN:
        if key in value:
            raise XAPIValidationError(
                "must not be used in a SubStatement", child(path, key)
            )
    check_object(
        value,
        path,
        required=("objectType", "actor", "verb", "object"),
        optional=_COMMON_PROPERTIES,
    )
    inner = value["object"]
    if isinstance(inner, dict) and inner.get("objectType") == "SubStatement":
        raise XAPIValidationError(
            "a SubStatement must not contain a SubStatement",
            child(child(path, "object"), "objectType"),
        )
    _validate_body(value, version, path)


def _validate_result(value: object, path: str) -> None:
    check_object(
        value,
        path,
        optional=(
            "score",
            "success",
            "completion",
            "response",
            "duration",
            "extensions",
        ),
    )
    if "score" in value:
        _validate_score(value["score"], child(path, "score"))
    for key in ("success", "completion"):
        if key in value:
            check_bool(value[key], child(path, key))
    if "response" in value:
        check_string(value["response"], child(path, "response"))
    if "duration" in value:
        duration = check_string(value["duration"], child(path, "duration"))
        if not is_duration(duration):
            raise XAPIValidationError(
                "must be an ISO 8601 duration", child(path, "duration")
            )
    if "extensions" in value:
        validate_extensions(value["extensions"], child(path, "extensions"))


def _validate_score(value: object, path: str) -> None:
    check_object(value, path, optional=("scaled", "raw", "min", "max"))
    numbers = {key: check_number(value[key], child(path, key)) for key in value}
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        raise XAPIValidationError("must be between -1 and 1", child(path, "scaled"))
    low, high = numbers.get("min"), numbers.get("max")
    # Data 2.4.5.1: min is "less than max", raw is between them inclusive.
    if low is not None and high is not None and not low < high:
        raise XAPIValidationError("must be less than max", child(path, "min"))
    raw = numbers.get("raw")
    if raw is not None and low is not None and raw < low:
        raise XAPIValidationError("must not be less than min", child(path, "raw"))
    if raw is not None and high is not None and raw > high:
        raise XAPIValidationError("must not be greater than max", child(path, "raw"))


def _validate_attachments(value: object, path: str) -> None:
    for position, attachment in enumerate(check_list(value, path)):
        _validate_attachment(attachment, item(path, position))


def _validate_attachment(value: object, path: str) -> None:
    check_object(
        value,
        path,
        required=("usageType", "display", "contentType", "length", "sha2"),
        optional=("description", "fileUrl"),
    )
    check_iri(value["usageType"], child(path, "usageType"))
    validate_language_map(value["display"], child(path, "display"))
    if "description" in value:
        validate_language_map(value["description"], child(path, "description"))
    if not is_media_type(
        check_string(value["contentType"], child(path, "contentType"))
    ):
        raise XAPIValidationError(
            "must be an Internet Media Type", child(path, "contentType")
        )
    if check_integer(value["length"], child(path, "length")) < 0:
        raise XAPIValidationError("must not be negative", child(path, "length"))
    if not is_sha2_hex(check_string(value["sha2"], child(path, "sha2"))):
        raise XAPIValidationError(
            "must be a hex-encoded SHA-2 hash", child(path, "sha2")
        )
    if "fileUrl" in value:
        check_iri(value["fileUrl"], child(path, "fileUrl"), kind="IRL")


def _validate_version(value: object, rules: str, path: str) -> None:
    check_string(value, path)
    if not _VERSIONS[rules].fullmatch(value):
        allowed = '"1.0.x" or "2.0.x"' if rules == VERSION_2 else '"1.0.x"'
        raise XAPIValidationError(f"must be {allowed}", path)


def _validate_voiding(statement: dict, path: str) -> None:
    # Data 2.3.2: a voiding Statement's object MUST be a StatementRef
    # (XAPI-00017).
    if statement["verb"]["id"] != VOIDED:
        return
    if statement["object"].get("objectType") != "StatementRef":
        raise XAPIValidationError(
            "a voiding Statement's object must be a StatementRef",
            child(child(path, "object"), "objectType"),
        )
