"""Activities and Activity Definitions (1.0.3 Data 2.4.4.1; 2.0.0 4.2.2.3)."""

from .errors import XAPIValidationError, child, item
from .fields import (
    check_enum,
    check_iri,
    check_list,
    check_object,
    check_string,
    validate_extensions,
    validate_language_map,
)

INTERACTION_TYPES = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
)
# Data 2.4.4.1 "Interaction Components": which component lists each
# interactionType may carry.
COMPONENT_LISTS = {
    "choice": ("choices",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "matching": ("source", "target"),
    "performance": ("steps",),
}
_ALL_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_DEFINITION_PROPERTIES = (
    "name",
    "description",
    "type",
    "moreInfo",
    "interactionType",
    "correctResponsesPattern",
    *_ALL_COMPONENT_LISTS,
    "extensions",
)


def validate_activity(value: object, path: str) -> None:
    """Validate an Activity; ``objectType`` "Activity" is optional."""
    check_object(value, path, required=("id",), optional=("objectType", "definition"))
    if "objectType" in value:
        check_enum(value["objectType"], child(path, "objectType"), ("Activity",))
    check_iri(value["id"], child(path, "id"))
    if "definition" in value:
        validate_definition(value["definition"], child(path, "definition"))


def validate_definition(value: object, path: str) -> None:
    """Validate an Activity Definition, interaction properties included."""
    check_object(value, path, optional=_DEFINITION_PROPERTIES)
    for key in ("name", "description"):
        if key in value:
            validate_language_map(value[key], child(path, key))
    if "type" in value:
        check_iri(value["type"], child(path, "type"))
    if "moreInfo" in value:
        check_iri(value["moreInfo"], child(path, "moreInfo"), kind="IRL")
    if "extensions" in value:
        validate_extensions(value["extensions"], child(path, "extensions"))
    _validate_interaction(value, path)


def _validate_interaction(value: dict, path: str) -> None:
    interaction_type = value.get("interactionType")
    if interaction_type is None:
        # XAPI-00064: the interaction properties need an interactionType.
        for key in ("correctResponsesPattern", *_ALL_COMPONENT_LISTS):
            if key in value:
                raise XAPIValidationError(
                    f"is required when {key} is present",
                    child(path, "interactionType"),
                )
        return
    check_enum(interaction_type, child(path, "interactionType"), INTERACTION_TYPES)
    if "correctResponsesPattern" in value:
        pattern_path = child(path, "correctResponsesPattern")
        patterns = check_list(value["correctResponsesPattern"], pattern_path)
        for position, pattern in enumerate(patterns):
            check_string(pattern, item(pattern_path, position))
    allowed = COMPONENT_LISTS.get(interaction_type, ())
    for key in _ALL_COMPONENT_LISTS:
        if key not in value:
            continue
        if key not in allowed:
            raise XAPIValidationError(
                f'is not allowed with interactionType "{interaction_type}"',
                child(path, key),
            )
        _validate_components(value[key], child(path, key))


def _validate_components(value: object, path: str) -> None:
    components = check_list(value, path)
    seen = set()
    for position, component in enumerate(components):
        component_path = item(path, position)
        check_object(
            component, component_path, required=("id",), optional=("description",)
        )
        component_id = check_string(
            component["id"], child(component_path, "id"), allow_empty=False
        )
        if "description" in component:
            validate_language_map(
                component["description"], child(component_path, "description")
            )
        # Data 2.4.4.1: "Within an array of Interaction Components, all id
        # values MUST be distinct."
        if component_id in seen:
            raise XAPIValidationError(
                "duplicates the id of an earlier component", child(component_path, "id")
            )
        seen.add(component_id)
