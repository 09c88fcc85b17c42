"""The statements the courses app records, built without a database.

Every event a learner causes in a course goes through ``xapi.record`` as one of
these, and ``courses.projection`` reads the same shapes back. Golden files in
``tests/courses/expected/`` hold what each builder must produce.
"""

from dataclasses import dataclass
from datetime import datetime

from xapi import vocabulary as v
from xapi.statements import platform_statement


@dataclass(frozen=True)
class ActivityRef:
    """What a statement needs to know about a course or lesson."""

    id: str
    type: str
    name: str
    language: str

    def as_object(self) -> dict:
        return {
            "objectType": "Activity",
            "id": self.id,
            "definition": {
                "type": self.type,
                "name": {v.language_tag(self.language): self.name},
            },
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
    statement_id: str | None = None,
) -> dict:
    """Return a complete statement of ``actor`` ``verb`` ``activity``.

    ``statement_id`` defaults to a fresh UUID; tests pass one to compare with
    golden files.
    """
    return platform_statement(
        actor=actor,
        verb=v.verb(verb),
        target=activity.as_object(),
        timestamp=timestamp,
        language=v.language_tag(activity.language),
        platform=v.PLATFORM,
        parent=parent.as_object() if parent is not None else None,
        result=result,
        registration=registration,
        statement_id=statement_id,
    )


def registered(*, actor: dict, course: ActivityRef, when: datetime, **extra) -> dict:
    """Return ``registered`` for an enrolment, self-service or by assignment."""
    return build(
        actor=actor, verb=v.REGISTERED, activity=course, timestamp=when, **extra
    )


def initialized(*, actor: dict, course: ActivityRef, when: datetime, **extra) -> dict:
    """Return ``initialized`` for a learner starting a course."""
    return build(
        actor=actor, verb=v.INITIALIZED, activity=course, timestamp=when, **extra
    )


def lesson_completed(
    *, actor: dict, lesson: ActivityRef, course: ActivityRef, when: datetime, **extra
) -> dict:
    """Return ``completed`` for a lesson the learner confirmed, with its course as parent."""
    return build(
        actor=actor,
        verb=v.COMPLETED,
        activity=lesson,
        parent=course,
        timestamp=when,
        result=completion_result(),
        **extra,
    )


def course_completed(
    *, actor: dict, course: ActivityRef, when: datetime, **extra
) -> dict:
    """Return ``completed`` for a course whose completion rule now holds."""
    return build(
        actor=actor,
        verb=v.COMPLETED,
        activity=course,
        timestamp=when,
        result=completion_result(),
        **extra,
    )


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
