"""Checks shared by every part of a Statement: objects, types, formats.

Data 2.2 (1.0.3) / 4.2.1 (2.0.0) "Formatting Requirements": the LRS MUST
reject a Statement with null values (except inside extensions), with the
wrong data type, with a key or value the specification does not allow, or
with an empty or ill-formatted string where a format is required.
"""

import math
from collections.abc import Iterable
from functools import lru_cache

from .errors import XAPIValidationError, child, item
from .formats import is_iri, is_language_tag, is_uuid, parse_timestamp

VERSION_1 = "1.0.3"
VERSION_2 = "2.0.0"


def spec_version(version: str) -> str:
    """Map a request's X-Experience-API-Version to the rule set to apply.

    Raise ``ValueError`` (a programming error, not a client error) for a
    version this validator has no rules for.
    """
    if isinstance(version, str) and version.startswith("2.0"):
        return VERSION_2
    if isinstance(version, str) and version.startswith("1.0"):
        return VERSION_1
    raise ValueError(f"no xAPI validation rules for version {version!r}")


def check_object(
    value: object,
    path: str,
    *,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> dict:
    """Check ``value`` is a JSON object holding only the listed properties.

    Keys are compared case-sensitively: Data 2.2 rejects "a Statement where
    the case of a key does not match the case specified".
    """
    if not isinstance(value, dict):
        raise XAPIValidationError("must be a JSON object", path)
    required = tuple(required)
    allowed = _allowed(required, tuple(optional))
    # Valid objects, the usual case, pass in three C-speed checks; the loop
    # below only finds which property to name.
    if (
        value.keys() <= allowed
        and None not in value.values()
        and all(key in value for key in required)
    ):
        return value
    for key, member in value.items():
        if key not in allowed:
            raise XAPIValidationError("is not an allowed property", child(path, key))
        if member is None:
            raise XAPIValidationError("must not be null", child(path, key))
    for key in required:
        if key not in value:
            raise XAPIValidationError("is required", child(path, key))
    return value


@lru_cache(maxsize=256)
def _allowed(required: tuple, optional: tuple) -> frozenset:
    return frozenset(required) | frozenset(optional)


def check_string(value: object, path: str, *, allow_empty: bool = True) -> str:
    """Check ``value`` is a JSON string."""
    if not isinstance(value, str):
        raise XAPIValidationError("must be a string", path)
    if not allow_empty and not value:
        raise XAPIValidationError("must not be empty", path)
    return value


def check_bool(value: object, path: str) -> bool:
    """Check ``value`` is a JSON boolean, not a string holding one."""
    if not isinstance(value, bool):
        raise XAPIValidationError("must be a boolean", path)
    return value


def check_number(value: object, path: str) -> float:
    """Check ``value`` is a finite JSON number, not a string holding one."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
    ):
        raise XAPIValidationError("must be a number", path)
    return value


def check_integer(value: object, path: str) -> int:
    """Check ``value`` is a JSON integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise XAPIValidationError("must be an integer", path)
    return value


def check_list(value: object, path: str, *, allow_empty: bool = True) -> list:
    """Check ``value`` is a JSON array without null elements."""
    if not isinstance(value, list):
        raise XAPIValidationError("must be an array", path)
    if not allow_empty and not value:
        raise XAPIValidationError("must not be an empty array", path)
    for position, element in enumerate(value):
        if element is None:
            raise XAPIValidationError("must not be null", item(path, position))
    return value


def check_enum(value: object, path: str, choices: Iterable[str]) -> str:
    """Check ``value`` is exactly one of ``choices`` (case included)."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        raise XAPIValidationError(f"must be one of {', '.join(choices)}", path)
    return value


def check_iri(value: object, path: str, *, kind: str = "IRI") -> str:
    """Check ``value`` is an absolute IRI (or IRL: the same syntax)."""
    check_string(value, path)
    if not is_iri(value):
        raise XAPIValidationError(f"must be an absolute {kind}", path)
    return value


def check_uuid(value: object, path: str) -> str:
    """Check ``value`` is a UUID in standard string form (Data 4.4)."""
    check_string(value, path)
    if not is_uuid(value):
        raise XAPIValidationError("must be a UUID", path)
    return value


def check_language_tag(value: object, path: str) -> str:
    """Check ``value`` is an RFC 5646 language tag."""
    check_string(value, path)
    if not is_language_tag(value):
        raise XAPIValidationError("must be an RFC 5646 language tag", path)
    return value


def check_timestamp(value: object, path: str) -> None:
    """Check ``value`` is an xAPI Timestamp (Data 4.5)."""
    check_string(value, path)
    parse_timestamp(value, path)


def validate_language_map(value: object, path: str) -> None:
    """Validate a Language Map: RFC 5646 tags mapped to strings (Data 4.2)."""
    if not isinstance(value, dict):
        raise XAPIValidationError("must be a language map (JSON object)", path)
    for tag, text in value.items():
        if not is_language_tag(tag):
            raise XAPIValidationError(
                "is not an RFC 5646 language tag", child(path, tag)
            )
        if text is None:
            raise XAPIValidationError("must not be null", child(path, tag))
        check_string(text, child(path, tag))


def validate_extensions(value: object, path: str) -> None:
    """Validate an extensions map: IRI keys, any JSON values (Data 4.1).

    Values are not inspected, null included: Data 2.2 exempts extensions from
    the null rule and Data 4.1 says the LRS MUST NOT reject a Statement based
    on the values of the extensions map.
    """
    if not isinstance(value, dict):
        raise XAPIValidationError("must be a JSON object", path)
    for key in value:
        if not is_iri(key):
            raise XAPIValidationError(
                "extension keys must be absolute IRIs", child(path, key)
            )


def validate_activity_id(value: object, path: str = "activityId") -> None:
    """Validate an Activity id: an absolute IRI (Data 2.4.4.1)."""
    check_iri(value, path)
