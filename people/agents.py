"""Who a person is in xAPI statements: the one place users become agents and back.

A learner is an ``account`` agent whose ``homePage`` is the site and whose
``name`` is the employee ID (工号), never the e-mail or the username
(DESIGN.md, "One pipe for learning records"). An account with no staff record
(an administrator, a test account) is named ``user:<username>``: employee IDs
cannot contain ``:`` (``people.models.employee_id_format``), so the two kinds
of name never collide.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

FALLBACK_PREFIX = "user:"


def account_name_for(user) -> str:
    """Return the xAPI account name of ``user``: the employee ID, or the fallback."""
    from .backends import cached_account_name

    return cached_account_name(user.pk, lambda: _account_name(user))


def _account_name(user) -> str:
    if _has_staff(user):
        return user.staff.employee_id
    return FALLBACK_PREFIX + user.get_username()


def _has_staff(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.staff is not None
    except ObjectDoesNotExist:
        return False


def agent_for(user) -> dict:
    """Return the xAPI Agent for ``user``."""
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_BASE_URL, "name": account_name_for(user)},
    }


def account_name(actor: dict) -> str | None:
    """Return the account name of one of this site's agents, or None for anyone else."""
    if not isinstance(actor, dict) or actor.get("objectType", "Agent") != "Agent":
        return None
    account = actor.get("account")
    if not isinstance(account, dict):
        return None
    if account.get("homePage", "").rstrip("/") != settings.SITE_BASE_URL.rstrip("/"):
        return None
    name = account.get("name")
    return name if isinstance(name, str) else None


def user_ids_for(names) -> dict[str, int]:
    """Map account names (employee IDs or fallbacks) to the ids of active users."""
    from .models import StaffMember

    names = set(names)
    employee_ids = {name for name in names if not name.startswith(FALLBACK_PREFIX)}
    found = dict(
        StaffMember.objects.filter(
            employee_id__in=employee_ids, user__is_active=True
        ).values_list("employee_id", "user_id")
    )
    usernames = {
        name[len(FALLBACK_PREFIX) :]: name
        for name in names
        if name.startswith(FALLBACK_PREFIX)
    }
    if usernames:
        rows = (
            get_user_model()
            .objects.filter(
                username__in=list(usernames), is_active=True, staff__isnull=True
            )
            .values_list("username", "id")
        )
        found.update({usernames[username]: pk for username, pk in rows})
    return found
