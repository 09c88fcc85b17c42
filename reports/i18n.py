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


class Words:
    """``gettext`` for one run of a report: the language read once, each word once.

    Pass it where a function takes ``_`` (``ratings.rate``), so that the
    messages stay literal ``_("...")`` calls that ``makemessages`` finds.
    """

    def __init__(self):
        self.language = get_language()
        self._seen: dict = {}

    def __call__(self, message: str) -> str:
        try:
            return self._seen[message]
        except KeyError:
            word = self._seen[message] = _translated(self.language, message)
            return word
