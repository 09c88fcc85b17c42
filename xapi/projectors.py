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
- **Follow-on statements, bounded.** A projector may record statements of its
  own (the course's ``completed`` once its last lesson is done). Those are
  stored and projected in the same transaction, by every projector. The
  platform's longest chain is two follow-ons deep: an exam ``passed`` (or a
  lesson's ``completed``) → the course's ``completed`` → the certificate's
  ``earned``. A projector running for a statement at that depth may not record
  again: ``record`` raises ``ProjectionTooDeep`` instead of recursing, so a
  cycle between projectors fails loudly instead of looping.
- **Cheap for what it ignores.** Statements it does not care about cost it no
  query.
"""

from collections.abc import Callable
from contextvars import ContextVar

Projector = Callable[[list[dict]], None]
_projectors: list[Projector] = []
_depth: ContextVar[int] = ContextVar("xapi_projection_depth", default=0)

# How many follow-on generations may be recorded from projectors: course
# completion after an exam or lesson (1), the certificate earned for it (2).
# Anything recorded while the second generation is projected is refused.
MAX_DEPTH = 2


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
    """Raise ``ProjectionTooDeep`` when recording now would recurse past ``MAX_DEPTH``."""
    if _depth.get() > MAX_DEPTH:
        raise ProjectionTooDeep(
            "A projector recorded a statement while projecting a follow-on "
            f"statement; follow-ons are {MAX_DEPTH} levels deep at most "
            "(xapi/projectors.py)."
        )


def project(statements: list[dict]) -> None:
    """Run every registered projector on freshly stored statements."""
    token = _depth.set(_depth.get() + 1)
    try:
        for projector in list(_projectors):
            projector(statements)
    finally:
        _depth.reset(token)
