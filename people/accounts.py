"""Which user accounts the organisation's writers may touch.

The roster import and the staff form create an account for each new staff
member and keep it in step afterwards. They never take over an account they
did not create, and never change an administrator's account: that is how an
HR officer could otherwise reset a superuser's e-mail address and then its
password (issue 11, hole 1).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .roles import ADMINISTRATOR

# Keeps each IN list under SQLite's limit on query parameters.
CHUNK = 5000


def _protected() -> Q:
    return Q(is_superuser=True) | Q(is_staff=True) | Q(groups__name=ADMINISTRATOR)


def protected_user_ids(user_ids) -> set[int]:
    """Return those of ``user_ids`` that belong to administrators or superusers."""
    ids = list(user_ids)
    protected: set[int] = set()
    User = get_user_model()
    for start in range(0, len(ids), CHUNK):
        users = User.objects.filter(pk__in=ids[start : start + CHUNK])
        protected |= set(users.filter(_protected()).values_list("pk", flat=True))
    return protected


def is_protected(user) -> bool:
    """Return whether ``user`` is an administrator's or a superuser's account."""
    return bool(user.pk) and bool(protected_user_ids([user.pk]))


def may_change_protected(actor) -> bool:
    """Return whether ``actor`` may change administrators' accounts (superusers)."""
    return bool(getattr(actor, "is_superuser", False))


def taken_usernames(usernames) -> set[str]:
    """Return those of ``usernames`` that an existing account already has."""
    taken: set[str] = set()
    names = list(usernames)
    User = get_user_model()
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        taken |= set(
            User.objects.filter(username__in=chunk).values_list("username", flat=True)
        )
    return taken
