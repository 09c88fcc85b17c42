"""Signing out idle sessions, with as few session writes as possible.

The session remembers when it was last active, to the minute: it is written
at most once a minute (a learner's cached lesson page costs no SQL, and must
not start costing a session write on every request). A session idle for
longer than ``SESSION_IDLE_TIMEOUT_MINUTES`` is signed out on its next
request, which then goes on as an anonymous visitor's.

The same once-a-minute write refreshes whether the user needs a second
factor, so a role granted during a session applies within a minute without
a group query on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import record_event

from .otp import needs_second_factor

LAST_ACTIVITY = "lms.last_activity"
SECOND_FACTOR = "lms.needs_second_factor"
# Seconds between two writes of the last activity.
RESOLUTION = 60


def note_activity(request, user, now: int | None = None) -> None:
    """Store the time of this request and whether ``user`` needs a second factor."""
    request.session[LAST_ACTIVITY] = int(time.time()) if now is None else now
    request.session[SECOND_FACTOR] = needs_second_factor(user)


def note_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        note_activity(request, user)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY)
        limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
        if last is not None and now - last > limit:
            self._sign_out(request, idle_minutes=(now - last) // 60)
        elif last is None or now - last >= RESOLUTION:
            note_activity(request, request.user, now)

    def _sign_out(self, request, *, idle_minutes: int) -> None:
        record_event(
            action=Action.SESSION_EXPIRED,
            actor=request.user,
            target=request.user,
            request=request,
            details={"idle_minutes": idle_minutes},
        )
        request.audit_session_expired = True
        logout(request)
        messages.info(request, _("You were signed out after a period of inactivity."))
