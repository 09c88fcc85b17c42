"""The statements the courses app records, built without a database.

Every event a learner causes in a course goes through ``xapi.record`` as one of
these, and ``courses.projection`` reads the same shapes back.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from xapi import vocabulary as v
from xapi.statements import format_time

# xAPI language maps use RFC 5646 tags; the site's language codes are Django's.
LANGUAGE_TAGS = {"zh-hans": "zh-CN", "en": "en-US"}
PLATFORM = "civil-lms"


@dataclass(frozen=True)
class ActivityRef:
    """What a statement needs to know about a course or lesson."""

    id: str
    type: str
    name: str
    language: str

    def as_object(self) -> dict:
        tag = LANGUAGE_TAGS.get(self.language, self.language)
        return {
            "objectType": "Activity",
            "id": self.id,
            "definition": {"type": self.type, "name": {tag: self.name}},
        }


def build(
    *,
    actor: dict,
    verb: str,
    activity: ActivityRef,
    timestamp: datetime,
    parent: ActivityRef | None = None,
    result: dict | None = None,
    registration: str | None = None,
) -> dict:
    """Return a complete statement (with a fresh id) of ``actor`` ``verb`` ``activity``."""
    context: dict = {
        "platform": PLATFORM,
        "language": LANGUAGE_TAGS.get(activity.language, activity.language),
    }
    if parent is not None:
        context["contextActivities"] = {"parent": [parent.as_object()]}
    if registration:
        context["registration"] = registration
    statement = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": v.verb(verb),
        "object": activity.as_object(),
        "context": context,
        "timestamp": format_time(timestamp),
    }
    if result is not None:
        statement["result"] = result
    return statement


def completion_result(*, duration_seconds: int | None = None) -> dict:
    result: dict = {"completion": True}
    if duration_seconds:
        result["duration"] = f"PT{int(duration_seconds)}S"
    return result


def counts_as_completion(statement: dict) -> bool:
    """Return whether a statement says its actor finished its object.

    ``completed`` does, and so does ``passed`` (unless its result says
    otherwise): a package that passes its learner has been completed.
    """
    verb = statement["verb"]["id"]
    if verb == v.COMPLETED:
        return True
    return verb == v.PASSED and statement.get("result", {}).get("success") is not False


def account_name(actor: dict, home_page: str) -> str | None:
    """Return the employee ID of one of our learners, or None for anyone else."""
    account = actor.get("account")
    if actor.get("objectType", "Agent") != "Agent" or not account:
        return None
    if account.get("homePage", "").rstrip("/") != home_page.rstrip("/"):
        return None
    return account.get("name")
