"""The assessments projector: a passed exam completes its course, through the pipe.

Registered with ``xapi`` in ``AssessmentsConfig.ready``. For each ``passed``
statement (its result not saying otherwise) on one of our exams' activity
IRIs, by one of our learners, it asks courses to recheck the course's
completion rule. The rule's exam part (``exam_passed``) reads the graded
``Attempt`` rows, never statements: a ``passed`` that another LRS client sends
for an exam's IRI completes nothing unless the learner really passed it here.
Rechecking is idempotent (a completed course stays completed once), so the same
pass recorded twice completes the course once.

Cheap for what it ignores: statements that are not ``passed`` on an
assessment IRI of this site return before the first query.
"""

from courses.services import recheck_completion
from people.agents import account_name, user_ids_for
from xapi.validation import parse_timestamp
from xapi.vocabulary import activity_key

from . import statements as built
from .models import Assessment, AssessmentKind


def complete_courses_of_passed_exams(stored: list[dict]) -> None:
    """Recheck the course completion of every learner who passed one of our exams."""
    passes = _passes(stored)
    if not passes:
        return
    courses = dict(
        Assessment.objects.filter(
            kind=AssessmentKind.EXAM, pk__in={pk for pk, _s in passes}
        ).values_list("pk", "page_key")
    )
    if not courses:
        return
    names = {account_name(statement["actor"]) for _pk, statement in passes}
    users = user_ids_for(name for name in names if name)
    for pk, statement in passes:
        user_id = users.get(account_name(statement["actor"]))
        if user_id is None or courses.get(pk) is None:
            continue
        recheck_completion(
            user_id=user_id, course_key=courses[pk], when=_when(statement)
        )


def _passes(stored: list[dict]) -> list[tuple[int, dict]]:
    """Return (assessment pk, statement) for each pass of one of our assessments."""
    found = []
    for statement in stored:
        if not built.counts_as_pass(statement):
            continue
        target = statement.get("object") or {}
        if target.get("objectType", "Activity") != "Activity":
            continue
        key = activity_key(target.get("id", ""), "assessment")
        if key and key.isascii() and key.isdigit():
            found.append((int(key), statement))
    return found


def _when(statement: dict):
    """Return when the learner passed: the timestamp, but never after it was stored."""
    stored = parse_timestamp(statement["stored"], "stored")
    timestamp = parse_timestamp(statement.get("timestamp", statement["stored"]), "")
    return min(stored, timestamp)
