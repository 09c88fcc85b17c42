"""String formats of the xAPI Data part: IRIs, UUIDs, language tags, times.

Each ``is_*`` predicate answers whether a string follows a format; the
validators in the sibling modules turn a ``False`` into an
:class:`~xapi.validation.errors.XAPIValidationError` naming the property.
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from .errors import XAPIValidationError

# RFC 3986 section 3.1 scheme, then anything an IRI may hold (RFC 3987
# section 2.2 excludes spaces, controls and <>"{}|\^`). Data 2.2 lets the LRS
# use best-effort IRI validation but requires rejecting values without a scheme.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Data 2.4.2.3: mbox is "mailto:email address".
_MAILTO = re.compile(r"mailto:[^@\s/?#]+@[^@\s/?#]+")
# Data 4.4: UUIDs MUST be in the standard string form; any variant is accepted
# because the text only recommends variant 2.
_UUID = re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")
_SHA1_HEX = re.compile(r"[0-9A-Fa-f]{40}")
# Data 2.4.11: sha2 is a SHA-224/256/384/512 digest, hex encoded as in the
# X-Experience-API-Hash header.
_SHA2_HEX = re.compile(
    r"(?:[0-9A-Fa-f]{56}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128})"
)
# RFC 2045 section 5.1 Content-Type grammar (tokens and quoted strings).
_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`|~\-]+"
_MEDIA_TYPE = re.compile(
    rf"{_TOKEN}/{_TOKEN}(?:\s*;\s*{_TOKEN}=(?:{_TOKEN}|\"(?:[^\"\\]|\\.)*\"))*\s*"
)

# RFC 5646 section 2.1 ABNF, case-insensitive.
_ALNUM = "[a-z0-9]"
_LANGTAG = re.compile(
    r"""
    (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language, extlang
    (?:-[a-z]{4})?                                          # script
    (?:-(?:[a-z]{2}|[0-9]{3}))?                             # region
    (?P<variants>(?:-(?:ALNUM{5,8}|[0-9]ALNUM{3}))*)        # variants
    (?P<extensions>(?:-[0-9a-wy-z](?:-ALNUM{2,8})+)*)       # extensions
    (?:-x(?:-ALNUM{1,8})+)?                                 # private use
    """.replace("ALNUM", _ALNUM),
    re.IGNORECASE | re.VERBOSE,
)
_PRIVATE_USE = re.compile(r"x(?:-[a-z0-9]{1,8})+", re.IGNORECASE)
# RFC 5646 section 2.2.8: grandfathered tags that do not fit the grammar.
_GRANDFATHERED = frozenset(
    {
        "en-gb-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-be-fr",
        "sgn-be-nl",
        "sgn-ch-de",
        "art-lojban",
        "cel-gaulish",
        "no-bok",
        "no-nyn",
        "zh-guoyu",
        "zh-hakka",
        "zh-min",
        "zh-min-nan",
        "zh-xiang",
    }
)

# ISO 8601:2004 section 4.4.3.2 durations: PnYnMnDTnHnMnS or PnW. The
# alternative format of section 4.4.3.3 (P0003-01-29T...) MUST NOT be used
# (Data 4.6).
_NUM = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"P(?=\d|T\d)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}D)?"
    rf"(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?"
)
_DURATION_WEEKS = re.compile(rf"P{_NUM}W")

# ISO 8601 complete date-time in extended or basic format (conformance
# requirement XAPI-00123 accepts both); minutes-only times are a reduced
# precision ISO 8601 allows.
_OFFSET = r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
_FRACTION = r"(?:[.,](?P<fraction>\d+))?"
_TIMESTAMP_EXTENDED = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})"
    + _FRACTION
    + ")?"
    + _OFFSET
)
_TIMESTAMP_BASIC = re.compile(
    r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})[Tt]"
    r"(?P<hour>\d{2})(?P<minute>\d{2})(?:(?P<second>\d{2})" + _FRACTION + ")?" + _OFFSET
)


# Verbs, activity types, homePages and language tags recur in nearly every
# statement of a batch; each distinct string is matched once per worker.
_REPEATED = lru_cache(maxsize=4096)


@_REPEATED
def is_iri(value: str) -> bool:
    """Return whether ``value`` is an absolute IRI (it has a scheme)."""
    return bool(_IRI.fullmatch(value)) and not _BAD_PERCENT.search(value)


@_REPEATED
def is_mailto_iri(value: str) -> bool:
    """Return whether ``value`` is a ``mailto:`` IRI holding one address."""
    return bool(_MAILTO.fullmatch(value)) and is_iri(value)


def is_uuid(value: str) -> bool:
    """Return whether ``value`` is a UUID in standard string form."""
    return bool(_UUID.fullmatch(value))


def is_sha1_hex(value: str) -> bool:
    """Return whether ``value`` is a hex-encoded SHA-1 digest."""
    return bool(_SHA1_HEX.fullmatch(value))


def is_sha2_hex(value: str) -> bool:
    """Return whether ``value`` is a hex-encoded SHA-2 digest."""
    return bool(_SHA2_HEX.fullmatch(value))


def is_media_type(value: str) -> bool:
    """Return whether ``value`` is an Internet Media Type (RFC 2046)."""
    return bool(_MEDIA_TYPE.fullmatch(value))


@_REPEATED
def is_language_tag(value: str) -> bool:
    """Return whether ``value`` is a well-formed RFC 5646 language tag.

    Data 2.2 requires validating "the sequence of token lengths" of language
    map keys; RFC 5646 section 2.2.5 and 2.2.6 also forbid repeating a variant
    or an extension singleton, which the conformance suite checks with
    ``zh-z-aaa-z-bbb-c-ccc``.
    """
    if value.lower() in _GRANDFATHERED or _PRIVATE_USE.fullmatch(value):
        return True
    match = _LANGTAG.fullmatch(value)
    if not match:
        return False
    variants = match["variants"].lower().split("-")[1:]
    singletons = [
        subtag
        for subtag in match["extensions"].lower().split("-")[1:]
        if len(subtag) == 1
    ]
    return len(set(variants)) == len(variants) and len(set(singletons)) == len(
        singletons
    )


@_REPEATED
def is_duration(value: str) -> bool:
    """Return whether ``value`` is an ISO 8601 duration (Data 4.6)."""
    if _DURATION_WEEKS.fullmatch(value):
        return True
    match = _DURATION.fullmatch(value)
    if not match:
        return False
    present = [part for part in match.groups() if part is not None]
    # ISO 8601:2004 4.4.3.2: only the lowest order component may have a
    # decimal fraction.
    return bool(present) and not any(
        "." in part or "," in part for part in present[:-1]
    )


def parse_timestamp(value: str, path: str) -> datetime:
    """Parse an xAPI Timestamp (Data 4.5) into a timezone-aware datetime.

    Accept ISO 8601 combined date and time in extended or basic format. A
    value without an offset is read as UTC (Data 4.5 only says a Timestamp
    SHOULD* include the time zone, for 1.0.3 and 2.0.0 alike). Reject the
    offsets ``-00``, ``-0000`` and ``-00:00``: RFC 3339 section 4.3 gives them
    the meaning "local offset unknown", which ISO 8601 does not allow, and the
    conformance suite rejects them under XAPI-00123 for both versions.
    """
    if not isinstance(value, str):
        raise XAPIValidationError("must be a string timestamp", path)
    match = _TIMESTAMP_EXTENDED.fullmatch(value) or _TIMESTAMP_BASIC.fullmatch(value)
    if not match:
        raise XAPIValidationError("must be an ISO 8601 timestamp", path)
    tzinfo = _offset(match["tz"], path)
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    try:
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction),
            tzinfo=tzinfo,
        )
    except ValueError as error:
        raise XAPIValidationError(
            f"is not a valid date and time ({error})", path
        ) from error


def _offset(text: str | None, path: str) -> timezone:
    if text is None or text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if text[0] == "-" and hours == 0 and minutes == 0:
        raise XAPIValidationError("must not use the offset -00:00", path)
    if hours > 23 or minutes > 59:
        raise XAPIValidationError("has an impossible UTC offset", path)
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)
