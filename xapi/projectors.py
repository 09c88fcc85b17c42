"""Projectors: how other apps learn about statements, in the same transaction.

An app registers a callable in its ``AppConfig.ready``; ``xapi.services.record``
calls each with the statements it has just stored (never the ones it skipped
as resent). The contract a projector keeps:

- **Same transaction.** It runs inside ``record``'s transaction. A projector
  that raises rolls the whole recording back, so a table projected from
  statements never disagrees with them.
- **Idempotent.** The same statement may reach it again only as a no-op
  (``record`` skips a resent statement), but a projector still writes with
  ``get_or_create`` or a guard, so that two statements that mean the same
  thing (two ``passed`` for one exam) project once.
- **Follow-on statements, one level deep.** A projector may record statements
  of its own (the course's ``completed`` once its last lesson is done). Those
  are stored and projected in the same transaction, by every projector, but a
  projector running for a follow-on statement may not record again:
  ``record`` raises ``ProjectionTooDeep`` instead of recursing.
- **Cheap for what it ignores.** Statements it does not care about cost it no
  query.
"""

from collections.abc import Callable
from contextvars import ContextVar

Projector = Callable[[list[dict]], None]
_projectors: list[Projector] = []
_depth: ContextVar[int] = ContextVar("xapi_projection_depth", default=0)

# Statements recorded from a projector are projected; any recorded while
# those are projected are refused (DESIGN.md: "one level deep").
MAX_DEPTH = 1


class ProjectionTooDeep(RuntimeError):
    """A projector recorded a statement while projecting a follow-on statement."""


def register_projector(projector: Projector) -> Projector:
    """Register ``projector`` (usable as a decorator); registering twice is harmless."""
    if projector not in _projectors:
        _projectors.append(projector)
    return projector


def unregister_projector(projector: Projector) -> None:
    if projector in _projectors:
        _projectors.remove(projector)


def check_depth() -> None:
    """Raise ``ProjectionTooDeep`` when recording now would recurse past one level."""
    if _depth.get() > MAX_DEPTH:
        raise ProjectionTooDeep(
            "A projector recorded a statement while projecting a follow-on "
            "statement; follow-ons are one level deep (xapi/projectors.py)."
        )


def project(statements: list[dict]) -> None:
    """Run every registered projector on freshly stored statements."""
    token = _depth.set(_depth.get() + 1)
    try:
        for projector in list(_projectors):
            projector(statements)
    finally:
        _depth.reset(token)
