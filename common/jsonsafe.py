"""JSON from untrusted requests, parsed without letting the input crash the server.

``json.loads`` accepts what later code cannot handle: nesting deep enough to
exhaust Python's recursion (a ``RecursionError``, so a 500, in the parser or
in any recursive walk afterwards), ``NaN``/``Infinity`` and overflowing
numbers that no database stores as JSON, and lone UTF-16 surrogates that
cannot be encoded back to UTF-8. ``loads`` refuses all of them with a
``ValueError``, as it refuses malformed JSON.

orjson parses and writes several times faster than the standard library and
refuses all of that by itself, except that it reads an integer too large for
64 bits as a float. A text holding such a long run of digits, and any text
orjson refuses, goes to the standard library's parser, whose answer (a value
or a ``ValueError``) is the one given.
"""

import json
import math
import re

import orjson

#: Deeper than any document a client has reason to send, and shallow enough
#: that recursive code walking the value (copying, comparing) stays far from
#: Python's recursion limit.
MAX_DEPTH = 100

# Every byte but the brackets and quotes: deleted before counting the depth.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
# In valid JSON every bracket closes its own kind, so objects can count as arrays.
_AS_ARRAYS = bytes.maketrans(b"{}", b"[]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class TooDeep(ValueError):
    """The JSON nests arrays and objects deeper than allowed."""


def loads(data: bytes | bytearray | memoryview | str, *, max_depth: int = MAX_DEPTH):
    """Return the value of a JSON text; raise ``ValueError`` if it is not acceptable.

    Guarantees: nesting deeper than ``max_depth`` raises ``TooDeep``; bytes
    that are not UTF-8, ``NaN``, ``Infinity``, numbers that overflow a float
    and lone surrogates raise ``ValueError``. Otherwise the result is
    ``json.loads``'s. The depth is counted only when the text holds more
    brackets than ``max_depth``, and then on its brackets alone, so it costs a
    fraction of the parse.
    """
    if isinstance(data, str):
        text, raw = data, data.encode("utf-8", "surrogatepass")
    else:
        raw = bytes(data)
        text = None
    value = _fast_loads(raw)
    if value is _REFUSED:
        value = _strict_loads(raw, text)
    if raw.count(b"[") + raw.count(b"{") > max_depth and depth_exceeds(raw, max_depth):
        raise TooDeep(f"The JSON is nested more than {max_depth} levels deep.")
    return value


def dumps(value) -> str:
    """Return the JSON text of ``value``, UTF-8 characters unescaped, as ``json.dumps``.

    Integers beyond 64 bits, which orjson refuses to write, are written by the
    standard library.
    """
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value, ensure_ascii=False)


_REFUSED = object()
# Every digit read as "0", every other byte as ".": a run of 19 zeros is a
# number orjson might not hold exactly (2**63 has 19 digits).
_DIGITS_AS_ZEROS = bytes(48 if 48 <= b <= 57 else 46 for b in range(256))
_LONG_NUMBER = b"0" * 19


def _fast_loads(raw: bytes):
    if _LONG_NUMBER in raw.translate(_DIGITS_AS_ZEROS):
        return _REFUSED
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _REFUSED


def _strict_loads(raw: bytes, text: str | None):
    if text is None:
        text = raw.decode("utf-8")
    try:
        value = _DECODER.decode(text)
    except RecursionError as error:
        raise TooDeep("The JSON is nested too deeply.") from error
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        _check_encodable(value)
    return value


def depth_exceeds(raw: bytes, max_depth: int) -> bool:
    """Return whether arrays and objects in valid JSON ``raw`` nest deeper than ``max_depth``.

    Brackets inside string literals do not count. Works on the brackets and
    quotes only: escaped quotes and backslashes are dropped first, so every
    quote left opens or closes a string.
    """
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Dropping two neighbouring quotes keeps every other quote's parity, so
    # what stays inside a string stays inside one.
    brackets = raw.translate(_AS_ARRAYS, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in brackets:
        brackets = b"".join(brackets.split(b'"')[::2])
    # Each pass removes the innermost pairs only (replace does not rescan what
    # it joins), so the brackets empty in as many passes as they are deep.
    for _level in range(max_depth):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return bool(brackets)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number.")


def _finite_float(literal: str) -> float:
    number = float(literal)
    if math.isinf(number):
        raise ValueError(f"The number {literal[:40]} is too large.")
    return number


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def _check_encodable(value) -> None:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("The JSON holds a lone UTF-16 surrogate.") from error
