"""The ids a learner sees and sends for choices: opaque tokens, drawn per attempt.

A question's authoring ids (``a``, ``b``…) follow the authored order, which is
the correct order of an ordering question, and authors tend to put the right
choice first. Sent back as they are, they let a learner score blind (send
``a``, or the ids sorted). So the page never shows them: each choice of an
attempt's question gets a token of its own, drawn at random for that
question of that attempt (``AttemptQuestion.choice_tokens``, token → authoring
id). Tokens say nothing of the authoring id, the authored order or which
choice is right, and sorting them gives a random order. The server maps the
tokens back before validating and grading; a token that was not shown for
that question is refused.

Pure: no database. Grading, statistics and xAPI statements keep speaking in
authoring ids; only what crosses the learner's page is in tokens.
"""

import secrets
from collections.abc import Iterable

from . import grading

# Lower case and digits without the look-alikes (l, o, 0, 1): 32 symbols, so
# a token carries 40 random bits, and none is ever an authoring id (one letter).
ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
LENGTH = 8
_LISTS = (grading.MULTIPLE_CHOICE, grading.ORDERING)


def draw_tokens(ids: Iterable[str]) -> dict[str, str]:
    """Return a fresh token for each authoring id, as ``{token: id}``.

    Tokens come from the operating system's random source and are distinct
    within the mapping.
    """
    tokens: dict[str, str] = {}
    for choice_id in ids:
        token = _token()
        while token in tokens:
            token = _token()
        tokens[token] = choice_id
    return tokens


def _token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def authored(kind: str, tokens: dict[str, str], sent):
    """Return the response ``sent`` with tokens mapped back to authoring ids.

    Raises ``grading.InvalidResponse`` when a choice is not one of ``tokens``
    or the shape is wrong. Types without choices (true or false, fill-in) and
    ``None`` (no answer) pass unchanged; ``grading.validate_response`` checks
    them after.
    """
    if sent is None or kind not in (grading.SINGLE_CHOICE, *_LISTS):
        return sent
    if kind == grading.SINGLE_CHOICE:
        return _one(tokens, sent)
    if not isinstance(sent, list):
        raise grading.InvalidResponse("Choose among the offered choices.")
    return [_one(tokens, token) for token in sent]


def _one(tokens: dict[str, str], token) -> str:
    if not isinstance(token, str) or token not in tokens:
        raise grading.InvalidResponse("Choose one of the offered choices.")
    return tokens[token]


def as_shown(kind: str, tokens: dict[str, str], response):
    """Return a saved response (authoring ids) in the tokens the page shows."""
    if response is None or kind not in (grading.SINGLE_CHOICE, *_LISTS):
        return response
    token_of = {choice_id: token for token, choice_id in tokens.items()}
    if kind == grading.SINGLE_CHOICE:
        return token_of.get(response, "")
    return [token_of.get(choice_id, "") for choice_id in response]
