"""The named placeholders of a certificate template's body text (pure).

A body is written like ``{name} 同志于 {date} 完成《{course}》课程学习``: a
placeholder is a known name in braces, and ``{{`` or ``}}`` is a brace itself,
as in Python's format strings (whose parser reads them). Attribute access,
indexing, conversions and format specs are refused, so a template can only
ever insert the plain values it was given.
"""

import string

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = (
    "name",
    "course",
    "hours",
    "date",
    "serial",
    "employee_id",
    "department",
    "score",
)


class PlaceholderError(ValueError):
    """The text holds an unknown placeholder or braces that do not match."""


def known_placeholders() -> str:
    """Return the placeholders a body may use, as ``{name}, {course}, …``."""
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def parse(text: str) -> list[tuple[str, str | None]]:
    """Split ``text`` into ``(literal, placeholder or None)`` pairs.

    Raise ``PlaceholderError`` with a message for the author when a brace
    has no partner or a placeholder is not one of ``PLACEHOLDERS``.
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise PlaceholderError(
            _(
                "The braces do not match: every “{” needs its “}”. To show a "
                "brace itself, write it twice: “{{” or “}}”."
            )
        ) from error
    unknown = [
        _as_written(field, spec, conversion)
        for _literal, field, spec, conversion in parts
        if field is not None and (field not in PLACEHOLDERS or spec or conversion)
    ]
    if unknown:
        raise PlaceholderError(
            format_lazy(
                _("Unknown placeholder: {unknown}. The placeholders are {known}."),
                unknown=", ".join(dict.fromkeys(unknown)),
                known=known_placeholders(),
            )
        )
    return [(literal, field) for literal, field, _spec, _conversion in parts]


def _as_written(field: str, spec: str | None, conversion: str | None) -> str:
    conversion = f"!{conversion}" if conversion else ""
    spec = f":{spec}" if spec else ""
    return f"{{{field}{conversion}{spec}}}"


def fill_html(text: str, values: dict[str, str]) -> list[SafeString]:
    """Return ``text`` as HTML paragraphs with each placeholder filled in.

    The text and the values are escaped; each value is wrapped in
    ``<span class="field field-<placeholder>">`` so that the certificate can
    set it apart. A blank line starts a new paragraph, a single line break
    stays a line break.
    """
    paragraphs, current = [], []
    for literal, field in parse(text):
        blocks = literal.replace("\r\n", "\n").split("\n\n")
        for number, block in enumerate(blocks):
            if number:
                paragraphs.append(current)
                current = []
            current.append(escape(block).replace("\n", "<br>"))
        if field is not None:
            value = values.get(field, "")
            current.append(
                format_html('<span class="field field-{}">{}</span>', field, value)
            )
    paragraphs.append(current)
    html = (mark_safe("".join(parts).strip()) for parts in paragraphs)
    return [paragraph for paragraph in html if paragraph]
