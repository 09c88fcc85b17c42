"""Open Badges 3.0 baking: the credential carried inside its PNG badge.

https://www.imsglobal.org/spec/ob/v3p0/#png: one uncompressed ``iTXt`` chunk
with the keyword ``openbadgecredential`` whose text is the credential's JSON.
The chunks are read and written here directly (the PNG chunk layout of
https://www.w3.org/TR/png-3/#5Chunk-layout), so that what is baked does not
depend on what an image library keeps of text chunks.
"""

import json
import struct
import zlib

from .seal import seal_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
# A credential is a few kilobytes; a much larger chunk is not one of ours.
MAX_CREDENTIAL_BYTES = 1024 * 1024


class BakingError(ValueError):
    """The file is not a PNG, or carries no readable credential."""


def baked_badge(credential: dict) -> bytes:
    """Return the credential's badge: a round seal with its course, credential baked in."""
    return bake(seal_png(credential), credential)


def bake(png: bytes, credential: dict) -> bytes:
    """Return ``png`` with ``credential`` in an ``openbadgecredential`` iTXt chunk.

    A credential already baked in is replaced (the specification allows one).
    """
    text = json.dumps(credential, ensure_ascii=False, separators=(",", ":"))
    # keyword, NUL, compression flag 0 and method 0, empty language tag and
    # translated keyword (each NUL-terminated), then the UTF-8 text.
    data = KEYWORD + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8")
    chunks = [chunk for chunk in _chunks(png) if not _is_credential_chunk(chunk)]
    # Right after IHDR, so that a reader stopping at the first match stops early.
    chunks.insert(1, (b"iTXt", data))
    return PNG_SIGNATURE + b"".join(_chunk_bytes(kind, body) for kind, body in chunks)


def unbake(png: bytes) -> dict:
    """Return the credential baked into ``png``; raise BakingError if there is none."""
    for chunk in _chunks(png):
        if _is_credential_chunk(chunk):
            return _credential_from(chunk[1])
    raise BakingError("the image carries no Open Badges credential")


def _credential_from(data: bytes) -> dict:
    _keyword, rest = data.split(b"\0", 1)
    compressed, _method, rest = rest[0], rest[1], rest[2:]
    if compressed:
        raise BakingError("a baked credential must not be compressed")
    _language, _translated, text = rest.split(b"\0", 2)
    try:
        credential = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BakingError(f"the baked credential is not JSON: {error}") from None
    if not isinstance(credential, dict):
        raise BakingError("the baked credential is not a JSON object")
    return credential


def _is_credential_chunk(chunk: tuple[bytes, bytes]) -> bool:
    kind, data = chunk
    return kind == b"iTXt" and data.split(b"\0", 1)[0] == KEYWORD


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG file")
    chunks, position = [], len(PNG_SIGNATURE)
    while position + 12 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        end = position + 8 + length
        if end + 4 > len(png):
            raise BakingError("the PNG is truncated")
        data = png[position + 8 : end]
        if struct.unpack(">I", png[end : end + 4])[0] != zlib.crc32(kind + data):
            raise BakingError("the PNG is corrupt (a chunk fails its CRC)")
        if kind == b"iTXt" and length > MAX_CREDENTIAL_BYTES:
            raise BakingError("the PNG's text chunk is too large")
        chunks.append((kind, data))
        position += 12 + length
        if kind == b"IEND":
            return chunks
    raise BakingError("the PNG has no end")


def _chunk_bytes(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I4s", len(data), kind)
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )
