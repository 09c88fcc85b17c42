"""The Context of a Statement (1.0.3 Data 2.4.6; 2.0.0 4.2.2.5)."""

from .activities import validate_activity
from .agents import validate_agent, validate_agent_only, validate_group
from .errors import XAPIValidationError, child, item
from .fields import (
    VERSION_2,
    check_enum,
    check_iri,
    check_language_tag,
    check_list,
    check_object,
    check_string,
    check_uuid,
    validate_extensions,
)

CONTEXT_ACTIVITY_KEYS = ("parent", "grouping", "category", "other")
_CONTEXT_PROPERTIES = (
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
)
# IEEE 9274.1.1 (xAPI 2.0) adds these; under 1.0.3 they are unknown properties.
_CONTEXT_PROPERTIES_2 = ("contextAgents", "contextGroups")


def validate_context(value: object, version: str, path: str, object_type: str) -> None:
    """Validate ``context``; ``object_type`` is the Statement object's type."""
    extra = _CONTEXT_PROPERTIES_2 if version == VERSION_2 else ()
    check_object(value, path, optional=(*_CONTEXT_PROPERTIES, *extra))
    if "registration" in value:
        check_uuid(value["registration"], child(path, "registration"))
    if "instructor" in value:
        validate_agent(value["instructor"], version, child(path, "instructor"))
    if "team" in value:
        validate_group(value["team"], child(path, "team"))
    if "contextActivities" in value:
        _validate_context_activities(
            value["contextActivities"], child(path, "contextActivities")
        )
    _validate_strings(value, path, object_type)
    if "statement" in value:
        validate_statement_ref(value["statement"], child(path, "statement"))
    if "extensions" in value:
        validate_extensions(value["extensions"], child(path, "extensions"))
    if "contextAgents" in value:
        _validate_context_agents(value["contextAgents"], child(path, "contextAgents"))
    if "contextGroups" in value:
        _validate_context_groups(value["contextGroups"], child(path, "contextGroups"))


def validate_statement_ref(value: object, path: str) -> None:
    """Validate a Statement Reference (Data 2.4.4.3)."""
    check_object(value, path, required=("objectType", "id"))
    check_enum(value["objectType"], child(path, "objectType"), ("StatementRef",))
    check_uuid(value["id"], child(path, "id"))


def _validate_strings(value: dict, path: str, object_type: str) -> None:
    for key in ("revision", "platform"):
        if key not in value:
            continue
        check_string(value[key], child(path, key))
        # Data 2.4.6 (XAPI-00084, XAPI-00085): only meaningful for Activities.
        if object_type != "Activity":
            raise XAPIValidationError(
                "must not be used when the object is not an Activity",
                child(path, key),
            )
    if "language" in value:
        check_language_tag(value["language"], child(path, "language"))


def _validate_context_activities(value: object, path: str) -> None:
    check_object(value, path, optional=CONTEXT_ACTIVITY_KEYS)
    for key, activities in value.items():
        key_path = child(path, key)
        # Data 2.4.6.2: a single Activity object is accepted in place of an
        # array; returning it as an array is the storage layer's job.
        if isinstance(activities, dict):
            validate_activity(activities, key_path)
            continue
        for position, activity in enumerate(check_list(activities, key_path)):
            validate_activity(activity, item(key_path, position))


def _validate_context_agents(value: object, path: str) -> None:
    for position, entry in enumerate(check_list(value, path)):
        entry_path = item(path, position)
        check_object(
            entry,
            entry_path,
            required=("objectType", "agent"),
            optional=("relevantTypes",),
        )
        check_enum(
            entry["objectType"], child(entry_path, "objectType"), ("contextAgent",)
        )
        validate_agent_only(entry["agent"], child(entry_path, "agent"))
        _validate_relevant_types(entry, entry_path)


def _validate_context_groups(value: object, path: str) -> None:
    for position, entry in enumerate(check_list(value, path)):
        entry_path = item(path, position)
        check_object(
            entry,
            entry_path,
            required=("objectType", "group"),
            optional=("relevantTypes",),
        )
        check_enum(
            entry["objectType"], child(entry_path, "objectType"), ("contextGroup",)
        )
        validate_group(entry["group"], child(entry_path, "group"))
        _validate_relevant_types(entry, entry_path)


def _validate_relevant_types(entry: dict, path: str) -> None:
    if "relevantTypes" not in entry:
        return
    types_path = child(path, "relevantTypes")
    types = check_list(entry["relevantTypes"], types_path, allow_empty=False)
    for position, relevant_type in enumerate(types):
        check_iri(relevant_type, item(types_path, position))
