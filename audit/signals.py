"""Sign-ins, failed sign-ins, lock-outs and sign-outs go to the audit log.

Django's authentication signals and django-axes' ``user_locked_out`` are
connected here, so that every way of signing in (the site's form, the Wagtail
admin's, a test client) is recorded the same way.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)

from .actions import Action
from .services import Target, record_event


def _username_target(username) -> Target | None:
    if not username:
        return None
    return Target(type="auth.username", id="", label=str(username)[:300])


def on_logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    record_event(action=Action.LOGIN, actor=user, target=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username")
    record_event(
        action=Action.LOGIN_FAILED,
        target=_username_target(username),
        request=request,
    )


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record_event(
        action=Action.LOCKED_OUT,
        target=_username_target(username),
        address=ip_address,
        request=request,
    )


def on_logged_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    # Signing out after inactivity is recorded by the session middleware instead.
    if getattr(request, "audit_session_expired", False):
        return
    record_event(action=Action.LOGOUT, actor=user, target=user, request=request)


def connect_sign_in_signals() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit.locked_out")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.logged_out")
