"""Keyset pages of a report, with an opaque cursor that only this site can make.

A cursor holds the last key of the page (``Report.key(row)``), the report's
name and the filters, signed with Django's signing: an edited or forged
cursor, or one used with other filters, is refused. It holds a position,
never a scope: the rows always come from the caller's own scope.
"""

import datetime
import itertools
import uuid
from decimal import Decimal

from django.core import signing

SALT = "reports.api.cursor"


class BadCursor(ValueError):
    pass


def _encode(value):
    # JSON would turn dates, UUIDs and decimals into strings and lose their
    # type; the key must come back exactly as the report gave it.
    for tag, kind in (("dt", datetime.datetime), ("d", datetime.date)):
        if isinstance(value, kind):
            return [tag, value.isoformat()]
    if isinstance(value, uuid.UUID):
        return ["u", str(value)]
    if isinstance(value, Decimal):
        return ["n", str(value)]
    if isinstance(value, tuple | list):
        return ["t", [_encode(v) for v in value]]
    return ["v", value]


_DECODERS = {
    "dt": datetime.datetime.fromisoformat,
    "d": datetime.date.fromisoformat,
    "u": uuid.UUID,
    "n": Decimal,
    "v": lambda value: value,
}


def _decode(item):
    tag, value = item
    if tag == "t":
        return tuple(_decode(v) for v in value)
    return _DECODERS[tag](value)


def make_cursor(report_name: str, query: dict, key: tuple) -> str:
    payload = {"r": report_name, "q": query, "k": _encode(tuple(key))}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_cursor(cursor: str, report_name: str, query: dict) -> tuple:
    """Return the key a cursor continues after; ``BadCursor`` if it is not ours."""
    try:
        payload = signing.loads(cursor, salt=SALT)
        if payload["r"] != report_name or payload["q"] != query:
            raise BadCursor("cursor made for another report or other filters")
        return _decode(payload["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadCursor(str(error)) from error


def page_of(report, scope, filters, *, after, size: int) -> tuple[list, tuple | None]:
    """Up to ``size`` rows after ``after``, and the key to continue from (or None)."""
    rows = report.rows(scope, filters, after=after)
    try:
        page = list(itertools.islice(rows, size + 1))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    if len(page) > size:
        return page[:size], report.key(page[size - 1])
    return page, None
