"""``gettext`` remembered per language: a report says "Yes" 600,000 times.

Django's ``gettext`` walks its fallback catalogues on every call, which cost
more than the rest of a completion row together. The cache keys on the
language, so a reader's language still decides every word.
"""

from functools import lru_cache

from django.utils.translation import get_language, override
from django.utils.translation import gettext as django_gettext


@lru_cache(maxsize=2048)
def _translated(language: str | None, message: str) -> str:
    with override(language):
        return django_gettext(message)


def gettext(message: str) -> str:
    return _translated(get_language(), message)
