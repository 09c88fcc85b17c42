"""Agents, Groups and authorities (xAPI 1.0.3 Data 2.4.2, 2.4.9; 2.0.0 4.2.2.1)."""

from .errors import XAPIValidationError, child, item
from .fields import check_enum, check_iri, check_list, check_object, check_string
from .formats import is_mailto_iri, is_sha1_hex

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")
_AGENT_PROPERTIES = ("objectType", "name", *IFI_PROPERTIES)
_GROUP_PROPERTIES = (*_AGENT_PROPERTIES, "member")


def validate_agent(
    value: object, version: str, path: str = "agent", *, identified_only: bool = False
) -> None:
    """Validate an Agent or a Group.

    ``objectType`` may be left out for an Agent (Data 2.4.2.1). Pass
    ``identified_only=True`` where the value has to name one persona, as the
    ``agent`` parameter of the State, Agent Profile and Agents resources does:
    an Anonymous Group is then rejected because it has no IFI.
    """
    if not isinstance(value, dict):
        raise XAPIValidationError("must be a JSON object", path)
    object_type = value.get("objectType", "Agent")
    check_enum(object_type, child(path, "objectType"), ("Agent", "Group"))
    if object_type == "Agent":
        _validate_agent_only(value, path)
        return
    _validate_group(value, path)
    if identified_only and not _ifis(value):
        raise XAPIValidationError(
            "must be identified by exactly one of " + ", ".join(IFI_PROPERTIES), path
        )


def validate_agent_only(value: object, path: str) -> None:
    """Validate an Agent; a Group is rejected at ``objectType``."""
    if isinstance(value, dict) and value.get("objectType", "Agent") != "Agent":
        raise XAPIValidationError("must be Agent", child(path, "objectType"))
    _validate_agent_only(value, path)


def validate_group(value: object, path: str) -> None:
    """Validate a Group; ``objectType`` "Group" is required (Data 2.4.2.2)."""
    if not isinstance(value, dict):
        raise XAPIValidationError("must be a JSON object", path)
    if "objectType" not in value:
        raise XAPIValidationError("is required for a Group", child(path, "objectType"))
    check_enum(value["objectType"], child(path, "objectType"), ("Group",))
    _validate_group(value, path)


def validate_authority(value: object, version: str, path: str = "authority") -> None:
    """Validate an authority: an Agent, or a Group of exactly two Agents.

    Data 2.4.9: a Group authority is only allowed for OAuth three-legged
    authorisation and MUST then be an anonymous Group of the consumer and
    the user; conformance requirements XAPI-00098 and XAPI-00100 reject any
    other Group.
    """
    validate_agent(value, version, path)
    if value.get("objectType") != "Group":
        return
    if _ifis(value):
        raise XAPIValidationError(
            "a Group authority must be an anonymous Group", child(path, "objectType")
        )
    if len(value["member"]) != 2:
        raise XAPIValidationError(
            "a Group authority must have exactly two members", child(path, "member")
        )


def _validate_agent_only(value: object, path: str) -> None:
    check_object(value, path, optional=_AGENT_PROPERTIES)
    _validate_common(value, path)
    if len(_ifis(value)) != 1:
        raise XAPIValidationError(
            "an Agent must have exactly one of " + ", ".join(IFI_PROPERTIES), path
        )


def _validate_group(value: dict, path: str) -> None:
    check_object(value, path, optional=_GROUP_PROPERTIES)
    _validate_common(value, path)
    ifis = _ifis(value)
    if len(ifis) > 1:
        raise XAPIValidationError(
            "an identified Group must have exactly one of " + ", ".join(IFI_PROPERTIES),
            path,
        )
    if not ifis and "member" not in value:
        raise XAPIValidationError(
            "is required for an anonymous Group", child(path, "member")
        )
    if "member" in value:
        _validate_members(value["member"], child(path, "member"), anonymous=not ifis)


def _validate_members(members: object, path: str, *, anonymous: bool) -> None:
    # Data 2.4.2.2: an Anonymous Group is defined by its members, and neither
    # kind of Group may contain Groups.
    check_list(members, path, allow_empty=not anonymous)
    for position, member in enumerate(members):
        member_path = item(path, position)
        if isinstance(member, dict) and member.get("objectType") == "Group":
            raise XAPIValidationError(
                "a Group must not contain Groups", child(member_path, "objectType")
            )
        validate_agent_only(member, member_path)


def _validate_common(value: dict, path: str) -> None:
    if "name" in value:
        check_string(value["name"], child(path, "name"))
    if "mbox" in value:
        _validate_mbox(value["mbox"], child(path, "mbox"))
    if "mbox_sha1sum" in value:
        check_string(value["mbox_sha1sum"], child(path, "mbox_sha1sum"))
        if not is_sha1_hex(value["mbox_sha1sum"]):
            raise XAPIValidationError(
                "must be a hex-encoded SHA-1 hash", child(path, "mbox_sha1sum")
            )
    if "openid" in value:
        check_iri(value["openid"], child(path, "openid"), kind="URI")
    if "account" in value:
        _validate_account(value["account"], child(path, "account"))


def _validate_mbox(value: object, path: str) -> None:
    check_string(value, path)
    if not is_mailto_iri(value):
        raise XAPIValidationError('must be a "mailto:" IRI of an email address', path)


def _validate_account(value: object, path: str) -> None:
    # Data 2.4.2.4: both properties are required.
    check_object(value, path, required=("homePage", "name"))
    check_iri(value["homePage"], child(path, "homePage"), kind="IRL")
    check_string(value["name"], child(path, "name"), allow_empty=False)


def _ifis(value: dict) -> list[str]:
    return [key for key in IFI_PROPERTIES if key in value]
