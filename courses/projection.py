"""The courses projector: lesson progress and enrolments, from stored statements.

Registered with ``xapi`` in ``CoursesConfig.ready``. It runs inside the LRS's
transaction, so it must be cheap for the statements it does not care about:
anything that is not a completion by one of our learners returns before the
first query.
"""

import uuid

from django.conf import settings

from people.agents import account_name, user_ids_for
from xapi.validation import parse_timestamp
from xapi.vocabulary import VOIDED, activity_key

from . import statements as built
from .models import LessonPage


def project_statements(stored: list[dict]) -> None:
    """Record progress for every completion of a lesson (or of its package).

    A voiding statement undoes the progress its target recorded: statements
    are never changed, corrections are voidings (DESIGN.md).
    """
    voided = [
        statement["object"]["id"]
        for statement in stored
        if statement["verb"]["id"] == VOIDED
        and statement["object"].get("objectType") == "StatementRef"
    ]
    if voided:
        from .services import undo_lesson_progress

        undo_lesson_progress(statement_ids=voided)
    candidates = _completions(stored)
    if not candidates:
        return
    lessons = _lessons_for(candidates)
    if not lessons:
        return
    users = user_ids_for(name for _statement, _object_id, name in candidates)
    from .services import record_lesson_progress

    for statement, object_id, name in candidates:
        lesson = lessons.get(object_id)
        user_id = users.get(name)
        if lesson is None or user_id is None:
            continue
        record_lesson_progress(
            user_id=user_id,
            lesson_key=lesson[0],
            course_key=lesson[1],
            when=_when(statement),
            statement_id=statement["id"],
        )


def _completions(stored: list[dict]) -> list[tuple[dict, str, str]]:
    found = []
    for statement in stored:
        target = statement.get("object", {})
        if target.get("objectType", "Activity") != "Activity":
            continue
        name = account_name(statement["actor"])
        if name and built.counts_as_completion(statement):
            found.append((statement, target["id"], name))
    return found


def _lessons_for(candidates) -> dict[str, tuple]:
    """Map activity ids to (lesson key, course key) for live lessons and their packages."""
    ids = {object_id for _statement, object_id, _name in candidates}
    keys = {}
    for object_id in ids:
        key = _uuid(activity_key(object_id, "lesson"))
        if key:
            keys[key] = object_id
    found: dict[str, tuple] = {}
    lesson_rows = LessonPage.objects.live().filter(translation_key__in=list(keys))
    for key, course_key in lesson_rows.values_list("translation_key", "course_key"):
        found[keys[str(key)]] = (key, course_key)
    # Our own activity IRIs (courses, assessments, questions) are never a
    # package's: only foreign IRIs are looked up among the lessons' packages.
    ours = f"{settings.SITE_BASE_URL}/xapi/activities/"
    package_ids = {i for i in ids - set(found) if not i.startswith(ours)}
    if package_ids:
        rows = LessonPage.objects.live().filter(package_activity_id__in=package_ids)
        for package_id, key, course_key in rows.values_list(
            "package_activity_id", "translation_key", "course_key"
        ):
            found.setdefault(package_id, (key, course_key))
    return {object_id: value for object_id, value in found.items() if value[1]}


def _uuid(text: str | None) -> str | None:
    try:
        return str(uuid.UUID(text)) if text else None
    except ValueError:
        return None


def _when(statement: dict):
    """Return when the learner finished: the timestamp, but never after it was stored."""
    stored = parse_timestamp(statement["stored"], "stored")
    timestamp = parse_timestamp(statement.get("timestamp", statement["stored"]), "")
    return min(stored, timestamp)
