"""The statements of certificates, built without a database.

Issuing records ``earned`` (the Tin Can registry's verb for an award) with the
course as object, the exam's score as result, and the certificate's serial as
a context extension, so that a downstream LRS can tell which certificate it was.
"""

from datetime import datetime

from django.conf import settings

from courses.statements import ActivityRef
from xapi import vocabulary as v
from xapi.statements import platform_statement


def serial_extension() -> str:
    return f"{settings.SITE_BASE_URL}/xapi/extensions/certificate-serial"


def certificate_earned(
    *,
    actor: dict,
    course: ActivityRef,
    when: datetime,
    serial: str,
    score: dict | None = None,
    statement_id: str | None = None,
) -> dict:
    result: dict = {"completion": True, "success": True}
    if score:
        result["score"] = {
            "raw": score["score"],
            "min": 0,
            "max": score["max_score"],
            "scaled": round(score["percent"] / 100, 4),
        }
    statement = platform_statement(
        actor=actor,
        verb=v.verb(v.EARNED),
        target=course.as_object(),
        timestamp=when,
        language=v.language_tag(course.language),
        platform=v.PLATFORM,
        result=result,
        statement_id=statement_id,
    )
    statement["context"]["extensions"] = {serial_extension(): serial}
    return statement


def course_completions(stored: list[dict]) -> list[tuple[dict, str]]:
    """Return (statement, course key) for every ``completed`` of one of our courses."""
    found = []
    for statement in stored:
        if statement["verb"]["id"] != v.COMPLETED:
            continue
        target = statement.get("object") or {}
        if target.get("objectType", "Activity") != "Activity":
            continue
        key = v.activity_key(target.get("id", ""), "course")
        if key:
            found.append((statement, key))
    return found
