"""Who is acting in this request, for entries recorded far from the view.

Model signals (a role granted in the Wagtail admin, an LRS client saved) do
not see the request; ``ActingUserMiddleware`` keeps its user and address in a
context variable, and ``record_event`` uses them when the caller names no
actor. Outside a request (commands, Celery) there is none: the system acts.
"""

from contextvars import ContextVar

_acting: ContextVar[tuple | None] = ContextVar("audit_acting", default=None)


def acting() -> tuple:
    """Return ``(user, address)`` of the current request, or ``(None, None)``."""
    return _acting.get() or (None, None)


class ActingUserMiddleware:
    """Remember the request's user and address while the request runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .addresses import client_address

        user = getattr(request, "user", None)
        token = _acting.set(
            (
                user if user is not None and user.is_authenticated else None,
                client_address(request),
            )
        )
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)
