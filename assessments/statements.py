"""xAPI statements of assessments, built without a database.

Interaction activities follow xAPI 1.0.3 Data 2.4.4.1 (Interaction Activities):
``interactionType`` ``choice`` / ``true-false`` / ``fill-in`` / ``sequencing``,
their components and ``correctResponsesPattern``, and responses in the same
format (``[,]`` between items).
"""

from xapi import vocabulary as v

from . import grading

INTERACTION_TYPES = {
    grading.SINGLE_CHOICE: "choice",
    grading.MULTIPLE_CHOICE: "choice",
    grading.TRUE_FALSE: "true-false",
    grading.FILL_IN: "fill-in",
    grading.ORDERING: "sequencing",
}


def language_map(texts: dict) -> dict:
    """Turn ``{"zh-hans": ..., "en": ...}`` into an xAPI language map."""
    return v.language_map(texts)


def question_activity(activity_id: str, content: dict) -> dict:
    """Return the Activity of a question version, with its interaction definition."""
    kind = content["type"]
    definition = {
        "type": v.QUESTION,
        "name": language_map(content["text"]),
        "interactionType": INTERACTION_TYPES[kind],
        "correctResponsesPattern": [correct_pattern(content)],
    }
    if (
        kind in (grading.SINGLE_CHOICE, grading.MULTIPLE_CHOICE)
        or kind == grading.ORDERING
    ):
        definition["choices"] = _components(content)
    return {"objectType": "Activity", "id": activity_id, "definition": definition}


def _components(content: dict) -> list[dict]:
    return [
        {"id": choice["id"], "description": language_map(choice["text"])}
        for choice in content["choices"]
    ]


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
    if kind == grading.SINGLE_CHOICE:
        return response
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
