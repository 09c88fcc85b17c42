"""What a certificate's page shows, built from its snapshot and its template.

The snapshot is frozen at issue (plain values, see ``render_pdf``); nothing
here reads live data about the holder or the course. The template's
language decides the wording, the date format and which course title leads.
"""

import datetime
from collections.abc import Iterator
from urllib.parse import quote

import segno
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import placeholders
from . import fonts
from .seal import seal_svg

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
RENDITIONS = {
    "seal": "max-600x600|format-png",
    "signature": "max-800x300|format-png",
    "background": "max-1800x1800|format-jpeg|jpegquality-75",
}


def format_date(value: str | datetime.date | None, language: str) -> str:
    """Return ``value`` as ``2026年12月1日`` (Chinese) or ``1 December 2026``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if language.startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _iso(value: str | datetime.date | None) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else (value or "")


def course_titles(snapshot: dict, language: str) -> tuple[str, str]:
    """Return the course title in ``language`` and the other one (or "")."""
    titles = snapshot.get("course_title") or {}
    if isinstance(titles, str):
        return titles, ""
    main = titles.get(language) or next((t for t in titles.values() if t), "")
    others = [t for lang, t in titles.items() if lang != language and t and t != main]
    return main, (others[0] if others else "")


def placeholder_values(snapshot: dict, language: str) -> dict[str, str]:
    """Return the value of each body placeholder for this snapshot."""
    score = snapshot.get("score")
    return {
        "name": snapshot.get("holder_name", ""),
        "course": course_titles(snapshot, language)[0],
        "hours": str(snapshot.get("credit_hours", "")),
        "date": format_date(snapshot.get("issued_on"), language),
        "serial": snapshot.get("serial", ""),
        "employee_id": snapshot.get("employee_id", ""),
        "department": snapshot.get("department", ""),
        "score": "—" if score is None else str(score),
    }


def texts(snapshot: dict, template) -> Iterator[str]:
    """Yield every piece of text the page may show (to find rare characters)."""
    yield from _strings(snapshot)
    for field in ("title", "body", "signatory_name", "signatory_title"):
        yield getattr(template, field)
    yield template.issuer_name()


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def qr_image(url: str) -> str:
    """Return the QR code of ``url`` as a PNG ``data:`` URL, one pixel a module.

    A PNG costs WeasyPrint far less than an SVG path of every module, and
    drawn without interpolation (see the CSS) its edges stay sharp.
    """
    code = segno.make(url, error="m")
    return code.png_data_uri(scale=1, border=0)


def svg_image(svg: str) -> str:
    """Return ``svg`` as a ``data:`` URL, which WeasyPrint caches by its text."""
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def details(snapshot: dict, language: str) -> list[tuple[str, str]]:
    """Return the labelled facts printed under the body (translated)."""
    rows = [(_("Study hours"), str(snapshot.get("credit_hours", "")))]
    if snapshot.get("score") is not None:
        rows.append((_("Final exam score"), str(snapshot["score"])))
    rows.append((_("Date of issue"), format_date(snapshot.get("issued_on"), language)))
    if snapshot.get("expires_on"):
        rows.append((_("Valid until"), format_date(snapshot["expires_on"], language)))
    return rows


def images(template) -> dict[str, object]:
    """Return the template's images as renditions, by role (missing ones left out)."""
    found = {}
    for role, spec in RENDITIONS.items():
        image = getattr(template, f"{role}_image")
        if image is not None:
            found[role] = image.get_rendition(spec)
    return found


def certificate_context(
    snapshot: dict, template, verify_url: str, rare: tuple = ()
) -> dict:
    """Return the context of ``certificates/pdf/certificate.html``.

    Call it with the template's language active: the labels are translated.
    ``rare`` are the font faces ``fonts.rare_faces`` found for the text.
    """
    language = template.language
    issuer = snapshot.get("issuer_name") or template.issuer_name()
    course, other_course = course_titles(snapshot, language)
    family = fonts.families(rare)
    values = placeholder_values(snapshot, language)
    return {
        "lang": "zh-Hans" if language.startswith("zh") else language,
        "template": template,
        "snapshot": snapshot,
        "document_title": f"{template.title} {snapshot.get('serial', '')}".strip(),
        "issuer": issuer,
        "issued_on": _iso(snapshot.get("issued_on")),
        "paragraphs": placeholders.fill_html(template.body, values),
        "course": course,
        "other_course": other_course,
        "details": details(snapshot, language),
        "date": values["date"],
        "font_family": family,
        "rare_faces_css": mark_safe("\n".join(face.css() for face in rare)),
        "drawn_seal": svg_image(seal_svg(issuer, _("Training seal"), family)),
        "qr": qr_image(verify_url),
        "verify_url": verify_url,
    }
