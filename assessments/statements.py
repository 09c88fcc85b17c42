"""The xAPI statements of assessments, built without a database.

Every statement the app records is built here, in the shape of
``courses.statements.build``: a fresh ``id`` (unless one is given),
``context.platform`` and ``context.language``, the attempt as
``context.registration``. ``attempted`` starts an attempt; grading records
``answered`` per answered question (the assessment as its parent), then
``passed`` or ``failed`` with the score, then ``completed``.

Interaction activities follow xAPI 1.0.3 Data 2.4.4.1 (Interaction Activities):
``interactionType`` ``choice`` / ``true-false`` / ``fill-in`` / ``sequencing``,
their components and ``correctResponsesPattern``, and responses in the same
format (``[,]`` between items).
"""

from datetime import datetime

from xapi import vocabulary as v
from xapi.statements import platform_statement

from . import grading

INTERACTION_TYPES = {
    grading.SINGLE_CHOICE: "choice",
    grading.MULTIPLE_CHOICE: "choice",
    grading.TRUE_FALSE: "true-false",
    grading.FILL_IN: "fill-in",
    grading.ORDERING: "sequencing",
}
LISTED = (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE, grading.ORDERING)


def assessment_activity(*, activity_id: str, titles: dict) -> dict:
    """Return the Activity of a quiz or exam; ``titles`` by Django language code."""
    return {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"type": v.ASSESSMENT, "name": v.language_map(titles)},
    }


def question_activity(activity_id: str, content: dict) -> dict:
    """Return the Activity of a question version, with its interaction definition."""
    kind = content["type"]
    definition = {
        "type": v.QUESTION,
        "name": v.language_map(content["text"]),
        "interactionType": INTERACTION_TYPES[kind],
        "correctResponsesPattern": [correct_pattern(content)],
    }
    if kind in LISTED:
        definition["choices"] = [
            {"id": choice["id"], "description": v.language_map(choice["text"])}
            for choice in content["choices"]
        ]
    return {"objectType": "Activity", "id": activity_id, "definition": definition}


def correct_pattern(content: dict) -> str:
    kind = content["type"]
    if kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE):
        return "[,]".join(grading.correct_ids(content))
    if kind == grading.TRUE_FALSE:
        return "true" if content["correct"] else "false"
    if kind == grading.FILL_IN:
        # Several accepted answers: the first is the pattern; the others are
        # accepted by the server's comparison, which folds case and width
        # (case does not matter by default, Data 2.4.4.1.1).
        return content["answers"][0]
    return "[,]".join(grading.choice_ids(content))


def response_text(content: dict, response) -> str:
    """Return a validated response in the interaction's response format."""
    kind = content["type"]
    if response is None:
        return ""
    if kind in (grading.MULTIPLE_CHOICE, grading.ORDERING):
        return "[,]".join(response)
    if kind == grading.TRUE_FALSE:
        return "true" if response else "false"
    return response


def score(raw, maximum) -> dict:
    """Return an xAPI Score (Data 2.4.5.1.1) for ``raw`` out of ``maximum``."""
    raw, maximum = float(raw), float(maximum)
    scaled = round(raw / maximum, 4) if maximum else 0.0
    return {"scaled": scaled, "raw": raw, "min": 0.0, "max": maximum}


def attempted(
    *,
    actor: dict,
    assessment: dict,
    registration: str,
    timestamp: datetime,
    language: str,
    statement_id: str | None = None,
) -> dict:
    """Return ``actor`` attempted ``assessment`` (an attempt has started)."""
    return _build(
        actor=actor,
        verb=v.ATTEMPTED,
        target=assessment,
        registration=registration,
        timestamp=timestamp,
        language=language,
        statement_id=statement_id,
    )


def answered(
    *,
    actor: dict,
    question: dict,
    assessment: dict,
    response: str,
    correct: bool,
    registration: str,
    timestamp: datetime,
    language: str,
    statement_id: str | None = None,
) -> dict:
    """Return ``actor`` answered ``question`` (of ``assessment``), right or wrong."""
    return _build(
        actor=actor,
        verb=v.ANSWERED,
        target=question,
        parent=assessment,
        result={"response": response, "success": bool(correct)},
        registration=registration,
        timestamp=timestamp,
        language=language,
        statement_id=statement_id,
    )


def graded(
    *,
    actor: dict,
    assessment: dict,
    passed: bool,
    raw_score,
    max_score,
    registration: str,
    timestamp: datetime,
    language: str,
    statement_id: str | None = None,
) -> dict:
    """Return ``actor`` passed (or failed) ``assessment``, with the score."""
    return _build(
        actor=actor,
        verb=v.PASSED if passed else v.FAILED,
        target=assessment,
        result={
            "score": score(raw_score, max_score),
            "success": bool(passed),
            "completion": True,
        },
        registration=registration,
        timestamp=timestamp,
        language=language,
        statement_id=statement_id,
    )


def completed(
    *,
    actor: dict,
    assessment: dict,
    registration: str,
    timestamp: datetime,
    language: str,
    statement_id: str | None = None,
) -> dict:
    """Return ``actor`` completed ``assessment`` (the attempt is over and graded)."""
    return _build(
        actor=actor,
        verb=v.COMPLETED,
        target=assessment,
        result={"completion": True},
        registration=registration,
        timestamp=timestamp,
        language=language,
        statement_id=statement_id,
    )


def counts_as_pass(statement: dict) -> bool:
    """Return whether ``statement`` says its actor passed (its result not saying otherwise)."""
    verb = statement.get("verb", {}).get("id")
    result = statement.get("result") or {}
    return verb == v.PASSED and result.get("success") is not False


def _build(
    *,
    actor: dict,
    verb: str,
    target: dict,
    registration: str,
    timestamp: datetime,
    language: str,
    statement_id: str | None,
    parent: dict | None = None,
    result: dict | None = None,
) -> dict:
    return platform_statement(
        actor=actor,
        verb=v.verb(verb),
        target=target,
        timestamp=timestamp,
        language=v.language_tag(language),
        platform=v.PLATFORM,
        parent=parent,
        result=result,
        registration=registration,
        statement_id=statement_id,
    )
