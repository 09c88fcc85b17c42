"""HTTP byte ranges (RFC 9110, section 14) for files served by Python.

Browsers seek in a video only when its server answers ``Range`` requests;
without them Chromium plays from the start on every seek. Only a single
range is honoured (what media players send); anything else gets the whole
file, which RFC 9110 allows.
"""

import re

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def requested_range(header: str, size: int) -> tuple[int, int] | None:
    """Return the inclusive (first, last) byte of a single valid range, else None.

    Raises ``ValueError`` for a range that starts past the end (answered 416).
    """
    match = _RANGE.fullmatch((header or "").strip())
    if not match or size <= 0:
        return None
    start, end = match.groups()
    if not start and not end:
        return None
    if not start:
        length = int(end)
        if length == 0:
            raise ValueError("empty suffix range")
        return max(0, size - length), size - 1
    first = int(start)
    if first >= size:
        raise ValueError("range starts past the end")
    last = min(int(end), size - 1) if end else size - 1
    if last < first:
        return None
    return first, last
