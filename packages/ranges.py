"""Byte ranges for package files (RFC 9110 section 14).

Safari plays a video only from a server that answers range requests, and every
browser needs them to seek; authoring tools put videos inside their packages.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

CHUNK_SIZE = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """Return the inclusive (first, last) byte of a single range, or None.

    None means "send the whole file", which RFC 9110 allows for a header this
    does not understand (several ranges, other units). Raise ``ValueError``
    for a range that lies outside the file.
    """
    match = SINGLE_RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        # A suffix range: the last N bytes.
        if int(last) == 0 or size == 0:
            raise ValueError(header)
        return max(size - int(last), 0), size - 1
    last = min(int(last), size - 1) if last else size - 1
    if int(first) > last:
        raise ValueError(header)
    return int(first), last


def file_response(file, *, size: int, range_header: str, content_type: str):
    """Return ``file`` whole, or the part the Range header asks for (206/416)."""
    try:
        byte_range = parse_range(range_header, size)
    except ValueError:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if byte_range is None:
        response = FileResponse(file, content_type=content_type)
    else:
        response = _partial(file, *byte_range, size=size, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    return response


def _partial(file, first: int, last: int, *, size: int, content_type: str):
    file.seek(first)
    response = StreamingHttpResponse(
        _read(file, last - first + 1), status=206, content_type=content_type
    )
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(last - first + 1)
    return response


def _read(file, remaining: int):
    with file:
        while remaining > 0:
            chunk = file.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk
