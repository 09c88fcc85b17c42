"""Authentication backend that reads the signed-in user from the shared cache.

Every request of a signed-in user loads the user row; on a cached page that
is the largest cost left. With a shared cache (``CACHE_URL``) the row is kept
there for a minute and dropped whenever the user is saved or deleted, and by
the roster import's bulk writes (``forget_users``), so a deactivated account
or a changed password takes effect at once. Without a shared cache nothing
changes: per-process caches could not be told about a change in another
process.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import transaction

TIMEOUT = 60
# Users already read from the shared cache for this request, by id: a page
# that knows what else it needs reads the user in the same round trip
# (``courses.prefetch``). Only what the cache held; the checks stay here.
_prefetched: ContextVar[dict | None] = ContextVar("prefetched_users", default=None)


def _cache():
    return caches["shared"] if "shared" in settings.CACHES else None


def _key(user_id) -> str:
    return f"auth-user:{user_id}"


def user_cache_key(user_id) -> str:
    """The shared cache's key of a user, for a caller that reads it with other keys."""
    return _key(user_id)


@contextmanager
def prefetched_users(users: dict):
    """Let ``get_user`` take these users (id: cached user or None) without a read."""
    token = _prefetched.set(users)
    try:
        yield
    finally:
        _prefetched.reset(token)


def _name_key(user_id) -> str:
    return f"agent-name:{user_id}"


def cached_account_name(user_id, compute) -> str:
    """The xAPI account name of ``user_id``, from the shared cache when there is one.

    Every statement the platform records about a learner names them; without
    this each heartbeat would read the staff row for it. ``forget_users``
    drops the name with the user, and a saved staff record drops it too.
    """
    cache = _cache()
    if cache is None:
        return compute()
    name = cache.get(_name_key(user_id))
    if name is None:
        name = compute()
        cache.set(_name_key(user_id), name, TIMEOUT)
    return name


class CachedUserBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` is served from the shared cache."""

    def get_user(self, user_id):
        cache = _cache()
        if cache is None:
            return super().get_user(user_id)
        user = (_prefetched.get() or {}).get(user_id)
        if user is None:
            user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(_key(user_id), user, TIMEOUT)
        return user if self.user_can_authenticate(user) else None


def forget_users(user_ids) -> None:
    """Drop cached users now and after commit (for writes that bypass ``save()``)."""
    cache = _cache()
    keys = [key(pk) for pk in user_ids for key in (_key, _name_key)]
    if cache is None or not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_user(sender, instance, **kwargs) -> None:
    forget_users([instance.pk])


def forget_staff_user(sender, instance, **kwargs) -> None:
    """Receive a staff record's save or deletion: its account's name may change."""
    forget_users([instance.user_id])
