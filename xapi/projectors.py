"""Projectors: how other apps learn about statements, in the same transaction.

An app registers a callable in its ``AppConfig.ready``; ``xapi.services.record``
calls each with the statements it has just stored. A projector that raises
rolls the whole recording back, so a progress table never disagrees with the
statements it is projected from.
"""

from collections.abc import Callable

Projector = Callable[[list[dict]], None]
_projectors: list[Projector] = []


def register_projector(projector: Projector) -> Projector:
    """Register ``projector`` (usable as a decorator); registering twice is harmless."""
    if projector not in _projectors:
        _projectors.append(projector)
    return projector


def unregister_projector(projector: Projector) -> None:
    if projector in _projectors:
        _projectors.remove(projector)


def project(statements: list[dict]) -> None:
    for projector in list(_projectors):
        projector(statements)
