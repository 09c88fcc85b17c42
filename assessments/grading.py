"""Grading of one answer against one question version, without a database.

A question version's ``content`` is a dict (see ``QuestionVersion``):

- ``type``: ``single_choice`` | ``multiple_choice`` | ``true_false`` | ``fill_in`` |
  ``ordering``;
- ``choices``: ``[{"id": "a", "text": {...}, "correct": bool}, ...]`` for the choice
  types, and the items in their correct order for ``ordering``;
- ``answers``: the accepted texts of ``fill_in``;
- ``correct``: the right value of ``true_false``;
- ``partial_credit``: for ``multiple_choice``.

A response is what the learner sent, already checked by ``validate_response``:
a choice id, a list of choice ids, a boolean, a text, or a list of item ids.
"""

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
TRUE_FALSE = "true_false"
FILL_IN = "fill_in"
ORDERING = "ordering"
TYPES = (SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE, FILL_IN, ORDERING)
MAX_TEXT = 500


class InvalidResponse(ValueError):
    """The response does not fit the question (a choice not offered, a wrong shape)."""


@dataclass(frozen=True)
class Grade:
    score: Decimal  # from 0 to 1
    correct: bool


def fold(text: str) -> str:
    """Return ``text`` as compared for fill-in answers.

    NFKC folds full-width letters, digits and punctuation to their half-width
    forms (so ``ＡＢＣ`` is ``abc``); case and surrounding or repeated spaces do
    not count.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())


def choice_ids(content: dict) -> list[str]:
    return [choice["id"] for choice in content.get("choices", [])]


def validate_response(content: dict, response):
    """Return the response in canonical form, or raise ``InvalidResponse``."""
    check = _VALIDATORS.get(content["type"])
    if check is None:
        raise InvalidResponse(f"Unknown question type {content['type']}.")
    return check(choice_ids(content), response)


def _one_choice(ids, response):
    if not isinstance(response, str) or response not in ids:
        raise InvalidResponse("Choose one of the offered choices.")
    return response


def _some_choices(ids, response):
    if not isinstance(response, list) or not all(
        isinstance(item, str) and item in ids for item in response
    ):
        raise InvalidResponse("Choose among the offered choices.")
    return sorted(set(response), key=ids.index)


def _true_or_false(_ids, response):
    if not isinstance(response, bool):
        raise InvalidResponse("Answer true or false.")
    return response


def _text(_ids, response):
    if not isinstance(response, str) or len(response) > MAX_TEXT:
        raise InvalidResponse("Give a text answer.")
    return response.strip()


def _order(ids, response):
    if not isinstance(response, list) or sorted(map(str, response)) != sorted(ids):
        raise InvalidResponse("Put every item in order, each once.")
    return list(response)


_VALIDATORS = {
    SINGLE_CHOICE: _one_choice,
    MULTIPLE_CHOICE: _some_choices,
    TRUE_FALSE: _true_or_false,
    FILL_IN: _text,
    ORDERING: _order,
}


def grade(content: dict, response) -> Grade:
    """Grade a validated response (None: unanswered, which scores nothing)."""
    if response is None:
        return Grade(Decimal("0"), False)
    kind = content["type"]
    if kind == MULTIPLE_CHOICE:
        return _grade_multiple(content, response)
    correct = _is_correct(content, response)
    return Grade(Decimal("1") if correct else Decimal("0"), correct)


def _is_correct(content: dict, response) -> bool:
    kind = content["type"]
    if kind == SINGLE_CHOICE:
        return response in correct_ids(content)
    if kind == TRUE_FALSE:
        return response is bool(content["correct"])
    if kind == FILL_IN:
        return fold(response) in {fold(answer) for answer in content["answers"]}
    if kind == ORDERING:
        return list(response) == choice_ids(content)
    raise InvalidResponse(f"Unknown question type {kind}.")


def correct_ids(content: dict) -> list[str]:
    return [choice["id"] for choice in content["choices"] if choice.get("correct")]


def _grade_multiple(content: dict, response: list[str]) -> Grade:
    right = set(correct_ids(content))
    chosen = set(response)
    if chosen == right:
        return Grade(Decimal("1"), True)
    if not content.get("partial_credit"):
        return Grade(Decimal("0"), False)
    # Each right choice earns its share; each wrong one takes a share away.
    earned = len(chosen & right) - len(chosen - right)
    share = Decimal(max(earned, 0)) / Decimal(len(right))
    return Grade(share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), False)


def percent(score: Decimal, maximum: Decimal) -> Decimal:
    """Return a score as a percentage with one decimal."""
    if maximum <= 0:
        return Decimal("0")
    value = score * 100 / maximum
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
