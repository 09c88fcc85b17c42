"""Reading the attempt page's form: answers, flags for review, and moves.

The page works without JavaScript, so everything arrives as form fields:
``q<position>`` per answer; ``q<position>-order`` (repeated) for an ordering
question's items in the order the page shows them; ``flag`` (repeated) for
the positions flagged for review, with ``flags-seen`` so that unflagging
every question is said too; ``move`` = ``<position>:<index>:up|down`` from an
ordering item's arrow button. Nothing here touches the database: the items
are handed in.
"""

from dataclasses import dataclass

from . import grading


@dataclass(frozen=True)
class Posted:
    answers: dict
    flags: set[int] | None
    moved: int | None  # the position of the ordering question moved, if any


def read(data, items) -> Posted:
    """Return what the form posted for ``items`` (the attempt's questions).

    A question whose field is absent keeps its saved answer (a radio group
    nobody touched sends nothing); checkbox groups send a ``-seen`` marker so
    that clearing every box is an answer too. An unreadable move moves nothing.
    """
    answers = {}
    move = _move(data.get("move", ""))
    for item in items:
        name = f"q{item.position}"
        kind = item.version.content["type"]
        if kind == grading.MULTIPLE_CHOICE and name + "-seen" in data:
            answers[item.position] = data.getlist(name) or None
        elif kind == grading.ORDERING and data.getlist(name + "-order"):
            order = _ordering(data, name, item, move)
            if order is not None:
                answers[item.position] = order
        elif kind == grading.TRUE_FALSE and name in data:
            answers[item.position] = data[name] == "true"
        elif kind in (grading.SINGLE_CHOICE, grading.FILL_IN) and name in data:
            answers[item.position] = data[name] or None
    flags = None
    if "flags-seen" in data:
        flags = {_int(value) for value in data.getlist("flag")} - {None}
    moved = move[0] if move and move[0] in answers else None
    return Posted(answers=answers, flags=flags, moved=moved)


def _ordering(data, name: str, item, move) -> list | None:
    """Return the posted order, moved if asked; ``None`` when it is no answer yet.

    The order first shown is never the right one (``services._shuffled``), so
    leaving it as shown is not taken as an answer: the question counts as
    answered once the learner has moved an item (an arrow button here, or the
    page's script, which says so in ``-moved``) or had already answered it.
    """
    order = data.getlist(name + "-order")
    if move and move[0] == item.position:
        order = moved(order, move[1], move[2])
    shown = [token for token, _cid in item.shown_choices()]
    touched = (move and move[0] == item.position) or name + "-moved" in data
    if order == shown and not touched and not item.is_answered:
        return None
    return order


def moved(order: list, index: int, direction: str) -> list:
    """Return ``order`` with the item at ``index`` one place up or down."""
    other = index - 1 if direction == "up" else index + 1
    if not (0 <= index < len(order) and 0 <= other < len(order)):
        return order
    order = order[:]
    order[index], order[other] = order[other], order[index]
    return order


def _move(value: str) -> tuple[int, int, str] | None:
    parts = value.split(":")
    if len(parts) != 3 or parts[2] not in ("up", "down"):
        return None
    position, index = _int(parts[0]), _int(parts[1])
    if position is None or index is None:
        return None
    return position, index, parts[2]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
