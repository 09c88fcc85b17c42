"""The actions the audit log knows, with their labels.

The platform's own actions are listed here so that every app names them the
same way; an app of a higher layer that needs a new one registers it with
``register_action`` when it is loaded. ``record_event`` refuses a slug that
is not registered, so a typo never writes an entry nobody can filter for.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "auth.login", _("Signed in")
    LOGIN_FAILED = "auth.login_failed", _("Sign-in failed")
    LOCKED_OUT = "auth.locked_out", _("Locked out after failed sign-ins")
    LOGOUT = "auth.logout", _("Signed out")
    SESSION_EXPIRED = "auth.session_expired", _("Signed out after inactivity")
    OTP_ENROLLED = "auth.otp_enrolled", _("Two-step verification set up")
    OTP_FAILED = "auth.otp_failed", _("Verification code refused")
    RECOVERY_CODE_USED = "auth.recovery_code_used", _("Recovery code used")
    RECOVERY_CODES_ISSUED = "auth.recovery_codes_issued", _("Recovery codes issued")
    OTP_RESET = "auth.otp_reset", _("Two-step verification reset by an administrator")
    ROLE_GRANTED = "people.role_granted", _("Role granted")
    ROLE_REVOKED = "people.role_revoked", _("Role removed")
    SCOPE_GRANTED = "people.scope_granted", _("HR scope granted")
    SCOPE_REVOKED = "people.scope_revoked", _("HR scope removed")
    ROSTER_IMPORTED = "people.roster_imported", _("Roster imported")
    STAFF_EXPORTED = "people.staff_exported", _("Staff list exported")
    ACTIVATION_CODES_ISSUED = (
        "people.activation_codes_issued",
        _("Activation codes issued"),
    )
    ACCOUNT_ACTIVATED = (
        "people.account_activated",
        _("Password set with an activation code"),
    )
    ASSIGNMENT_CREATED = "courses.assignment_created", _("Training assigned")
    ASSIGNMENT_CHANGED = "courses.assignment_changed", _("Training assignment changed")
    ATTEMPT_GRANTED = "assessments.attempt_granted", _("Extra attempt granted")
    LRS_CLIENT_CREATED = "xapi.client_created", _("LRS client created")
    LRS_CLIENT_CHANGED = "xapi.client_changed", _("LRS client changed")


_registry: dict[str, str] = dict(Action.choices)


def register_action(*, slug: str, label: str) -> None:
    """Make ``slug`` a known action; registering the same slug again is harmless."""
    _registry[slug] = label


def is_known(slug: str) -> bool:
    return slug in _registry


def label_for(slug: str) -> str:
    """Return the action's label, or the slug itself for one no longer registered."""
    return str(_registry.get(slug, slug))


def action_choices() -> list[tuple[str, str]]:
    return sorted(_registry.items(), key=lambda item: item[0])
