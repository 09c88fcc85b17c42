"""Pure statement handling: preparing for storage, comparing, indexing, formatting.

No database here (STYLE.md: logic without a database lives in pure modules).
"""

import copy
import uuid
from datetime import datetime

from . import versions
from .agents import ifi, ifi_only
from .vocabulary import VOIDED

CONTEXT_ACTIVITY_KINDS = ("parent", "grouping", "category", "other")


def format_time(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def platform_statement(
    *,
    actor: dict,
    verb: dict,
    target: dict,
    timestamp: datetime,
    language: str,
    platform: str,
    parent: dict | None = None,
    result: dict | None = None,
    registration: str | None = None,
    statement_id: str | None = None,
) -> dict:
    """Return a complete statement of one of the platform's own events.

    The one shape every app's builders share: a fresh id (unless one is given,
    as golden-file tests do), ``context.platform`` and ``context.language``,
    an optional parent activity and registration, the timestamp in milliseconds.
    """
    context: dict = {"platform": platform, "language": language}
    if parent is not None:
        context["contextActivities"] = {"parent": [parent]}
    if registration:
        context["registration"] = registration
    statement = {
        "id": statement_id or str(uuid.uuid4()),
        "actor": actor,
        "verb": verb,
        "object": target,
        "context": context,
        "timestamp": format_time(timestamp),
    }
    if result is not None:
        statement["result"] = result
    return statement


def prepare(
    statement: dict, *, stored: datetime, authority: dict, version: str
) -> dict:
    """Return a copy of ``statement`` with what the LRS sets (Data 2.4.7-2.4.10).

    Assigns ``id`` when missing, sets ``stored``, ``timestamp`` (when missing),
    ``authority`` (always the credential's) and ``version``, and returns single
    context activities as arrays of one, as the specification requires.
    """
    prepared = _copy_for_prepare(statement)
    prepared["id"] = (
        str(uuid.UUID(prepared["id"])) if "id" in prepared else str(uuid.uuid4())
    )
    prepared["stored"] = format_time(stored)
    prepared.setdefault("timestamp", prepared["stored"])
    prepared["authority"] = authority
    prepared.setdefault("version", "1.0.0" if version == versions.V1 else versions.V2)
    _normalise_context(prepared)
    if (
        isinstance(prepared.get("object"), dict)
        and prepared["object"].get("objectType") == "SubStatement"
    ):
        _normalise_context(prepared["object"])
    return prepared


def _copy_for_prepare(statement: dict) -> dict:
    """Copy what ``prepare`` changes: the top level and the context activities.

    A deep copy of every statement costs more than validating it; the rest of
    the statement is shared with the caller's and never modified.
    """
    prepared = dict(statement)
    if isinstance(prepared.get("object"), dict):
        prepared["object"] = dict(prepared["object"])
    for holder in (prepared, prepared.get("object")):
        if isinstance(holder, dict) and isinstance(holder.get("context"), dict):
            holder["context"] = dict(holder["context"])
            activities = holder["context"].get("contextActivities")
            if isinstance(activities, dict):
                holder["context"]["contextActivities"] = dict(activities)
    return prepared


def _normalise_context(statement: dict) -> None:
    activities = statement.get("context", {}).get("contextActivities")
    if not isinstance(activities, dict):
        return
    for kind, value in activities.items():
        if isinstance(value, dict):
            activities[kind] = [value]


def is_voiding(statement: dict) -> bool:
    return statement.get("verb", {}).get("id") == VOIDED


def voided_target(statement: dict) -> str | None:
    target = statement.get("object", {})
    if is_voiding(statement) and target.get("objectType") == "StatementRef":
        return str(uuid.UUID(target["id"]))
    return None


def referenced_statement(statement: dict) -> str | None:
    """Return the id of the statement a StatementRef object points at, if any."""
    target = statement.get("object", {})
    if target.get("objectType") == "StatementRef":
        return str(uuid.UUID(target["id"]))
    return None


def comparable(statement: dict, *, keep_timestamp: bool = True) -> dict:
    """Return the parts of a statement that decide whether two are the same.

    Data 2.3.1 (Statement Comparison Requirements): case of the id, order of
    group members, and the properties the LRS sets do not count.
    """
    reduced = copy.deepcopy(statement)
    for key in ("stored", "authority", "version"):
        reduced.pop(key, None)
    if not keep_timestamp:
        reduced.pop("timestamp", None)
    if "id" in reduced:
        reduced["id"] = reduced["id"].lower()
    _normalise_context(reduced)
    _sort_members(reduced)
    return reduced


def _sort_members(value) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("member"), list):
            value["member"] = sorted(value["member"], key=lambda m: ifi(m) or str(m))
        for child in value.values():
            _sort_members(child)
    elif isinstance(value, list):
        for child in value:
            _sort_members(child)


def same_statement(stored: dict, incoming: dict) -> bool:
    """Return whether ``incoming`` is a resend of ``stored`` (so 204, not 409)."""
    keep = "timestamp" in incoming
    return comparable(stored, keep_timestamp=keep) == comparable(
        incoming, keep_timestamp=keep
    )


def index_agents(statement: dict) -> list[tuple[str, bool]]:
    """Return (IFI, related) pairs for the agents a statement mentions."""
    found: list[tuple[str, bool]] = []
    _add_agent(found, statement.get("actor"), related=False)
    target = statement.get("object", {})
    if target.get("objectType") in ("Agent", "Group"):
        _add_agent(found, target, related=False)
    _add_agent(found, statement.get("authority"), related=True)
    _add_context_agents(found, statement.get("context", {}))
    if target.get("objectType") == "SubStatement":
        _add_agent(found, target.get("actor"), related=True)
        inner = target.get("object", {})
        if inner.get("objectType") in ("Agent", "Group"):
            _add_agent(found, inner, related=True)
        _add_context_agents(found, target.get("context", {}))
    return _collapse(found)


def _collapse(found: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Keep one pair per identifier; direct (related=False) wins over related.

    One index row per statement and identifier lets a query drive from the
    index without returning a statement twice.
    """
    related: dict[str, bool] = {}
    for key, is_related in found:
        related[key] = related.get(key, True) and is_related
    return sorted(related.items())


def _add_context_agents(found, context: dict) -> None:
    _add_agent(found, context.get("instructor"), related=True)
    _add_agent(found, context.get("team"), related=True)
    for item in context.get("contextAgents", []):
        _add_agent(found, item.get("agent"), related=True)
    for item in context.get("contextGroups", []):
        _add_agent(found, item.get("group"), related=True)


def _add_agent(found, agent, *, related: bool) -> None:
    if not isinstance(agent, dict):
        return
    identifier = ifi(agent)
    if identifier:
        found.append((identifier, related))
    for member in agent.get("member", []) or []:
        member_ifi = ifi(member)
        if member_ifi:
            found.append((member_ifi, True))


def index_activities(statement: dict) -> list[tuple[str, bool]]:
    """Return (activity id, related) pairs for the activities a statement mentions."""
    found: list[tuple[str, bool]] = []
    target = statement.get("object", {})
    if target.get("objectType", "Activity") == "Activity":
        found.append((target["id"], False))
    _add_context_activities(found, statement.get("context", {}))
    if target.get("objectType") == "SubStatement":
        inner = target.get("object", {})
        if inner.get("objectType", "Activity") == "Activity":
            found.append((inner["id"], True))
        _add_context_activities(found, target.get("context", {}))
    return _collapse(found)


def _add_context_activities(found, context: dict) -> None:
    activities = context.get("contextActivities", {})
    for kind in CONTEXT_ACTIVITY_KINDS:
        value = activities.get(kind, [])
        for activity in [value] if isinstance(value, dict) else value:
            found.append((activity["id"], True))


def defined_activities(statement: dict) -> list[dict]:
    """Return the Activity objects with a definition anywhere in the statement."""
    found = []
    target = statement.get("object", {})
    candidates = [target]
    if target.get("objectType") == "SubStatement":
        candidates.append(target.get("object", {}))
        candidates += _context_activity_objects(target.get("context", {}))
    candidates += _context_activity_objects(statement.get("context", {}))
    for item in candidates:
        if item.get("objectType", "Activity") == "Activity" and "definition" in item:
            found.append(item)
    return found


def _context_activity_objects(context: dict) -> list[dict]:
    objects = []
    for value in context.get("contextActivities", {}).values():
        objects += [value] if isinstance(value, dict) else value
    return objects


def merge_definition(current: dict, incoming: dict) -> dict:
    """Merge an incoming activity definition into the canonical one (language maps joined).

    Returns a new top-level dict and new language maps; other values are shared
    with ``incoming``, which the caller does not modify afterwards.
    """
    merged = dict(current)
    for key, value in incoming.items():
        if key in ("name", "description", "extensions") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def format_statement(statement: dict, style: str, languages: list[str]) -> dict:
    """Return a stored statement in the requested ``format`` (exact, ids, canonical)."""
    if style == "exact":
        return statement
    result = copy.deepcopy(statement)
    if style == "ids":
        _reduce_to_ids(result)
        if result.get("object", {}).get("objectType") == "SubStatement":
            _reduce_to_ids(result["object"])
    else:
        _canonical_languages(result, languages)
    return result


def _reduce_to_ids(statement: dict) -> None:
    if isinstance(statement.get("verb"), dict):
        statement["verb"] = {"id": statement["verb"]["id"]}
    for key in ("actor", "authority"):
        if isinstance(statement.get(key), dict):
            statement[key] = ifi_only(statement[key])
    target = statement.get("object", {})
    kind = target.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        statement["object"] = ifi_only(target)
    elif kind == "Activity":
        # Communication 2.1.3: in the ids format an Activity holds its id only.
        statement["object"] = {"id": target["id"]}
    context = statement.get("context", {})
    for key in ("instructor", "team"):
        if isinstance(context.get(key), dict):
            context[key] = ifi_only(context[key])
    for kind_name, values in context.get("contextActivities", {}).items():
        context["contextActivities"][kind_name] = [
            {"id": activity["id"]} for activity in values
        ]


LANGUAGE_MAP_KEYS = {"display", "name", "description"}


def _canonical_languages(value, languages: list[str]) -> None:
    """Reduce every language map to its best match for the Accept-Language list."""
    if isinstance(value, dict):
        for key, child in value.items():
            if (
                key in LANGUAGE_MAP_KEYS
                and isinstance(child, dict)
                and _is_language_map(child)
            ):
                value[key] = _pick_language(child, languages)
            else:
                _canonical_languages(child, languages)
    elif isinstance(value, list):
        for child in value:
            _canonical_languages(child, languages)


def _is_language_map(value: dict) -> bool:
    return bool(value) and all(isinstance(v, str) for v in value.values())


def _pick_language(language_map: dict, languages: list[str]) -> dict:
    lowered = {key.lower(): key for key in language_map}
    for wanted in languages:
        wanted = wanted.lower()
        if wanted in lowered:
            return {lowered[wanted]: language_map[lowered[wanted]]}
        for key in lowered:
            if key.split("-")[0] == wanted.split("-")[0]:
                return {lowered[key]: language_map[lowered[key]]}
    first = next(iter(language_map))
    return {first: language_map[first]}
