"""Certificate PDFs with WeasyPrint: the one module that imports it.

What costs most in a render is set up once per process and reused: the
font configuration (fontconfig loads every system font, and the GB 2312
cut is registered with it once), the parsed stylesheet, and the images
(WeasyPrint's image cache, keyed by the rendition's file name).
"""

import atexit
import threading
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import fonts
from .context import certificate_context, images, texts

TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEET = (
    Path(__file__).resolve().parent.parent
    / "templates"
    / "certificates"
    / "pdf"
    / "certificate.css"
)
# WeasyPrint documents share fontconfig state; one render at a time per process.
_lock = threading.Lock()
_image_cache: dict = {}


class CertificateFetcher(URLFetcher):
    """Fetch only what a certificate is made of, never from the network.

    ``storage:<name>`` is a rendition in Django storage (the template's
    images), ``file:`` only a font in ``CERTIFICATE_FONT_DIR``; anything else
    is refused, whatever a template's text might try.
    """

    def __init__(self, files=None):
        super().__init__(allowed_protocols={"file", "storage", "data"})
        self._files = files or {}

    def fetch(self, url, headers=None):
        if url.startswith("storage:"):
            field_file = self._files[url]
            with field_file.open("rb") as handle:
                return URLFetcherResponse(url, handle.read())
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(Path(settings.CERTIFICATE_FONT_DIR).resolve()):
                raise ValueError(f"Not a certificate font: {url}")
        return super().fetch(url, headers)


def stylesheet_text() -> str:
    """Return the certificate's CSS with the cut fonts' ``@font-face`` rules."""
    faces = "\n".join(face.css() for face in fonts.cut_faces())
    return faces + "\n" + STYLESHEET.read_text(encoding="utf-8")


@cache
def _shared() -> tuple[FontConfiguration, CSS]:
    font_config = FontConfiguration()
    # WeasyPrint keeps copies of the @font-face fonts in a temporary folder
    # that it removes when the configuration is collected, which one kept for
    # the whole process never is: remove it at exit (5 MB per process).
    atexit.register(font_config.__del__)
    stylesheet = CSS(
        string=stylesheet_text(),
        font_config=font_config,
        url_fetcher=CertificateFetcher(),
    )
    return font_config, stylesheet


def _render_html(snapshot, template, verify_url, *, inline_css=""):
    """Return the certificate's HTML and the storage files its images come from."""
    rare = fonts.rare_faces("".join(texts(snapshot, template)))
    renditions = images(template)
    urls = {role: f"storage:{r.file.name}" for role, r in renditions.items()}
    files = {urls[role]: r.file for role, r in renditions.items()}
    with translation.override(template.language):
        context = certificate_context(snapshot, template, verify_url, rare)
        context.update(images=urls, inline_css=mark_safe(inline_css))
        return render_to_string(TEMPLATE, context), files


def certificate_html(snapshot: dict, template, verify_url: str) -> str:
    """Return the certificate as one self-contained HTML document (CSS inlined).

    ``render_pdf`` renders the same page; the benchmark renders this with a
    plain ``HTML(string=...).write_pdf()`` to measure what the caching gains.
    """
    html, _files = _render_html(
        snapshot, template, verify_url, inline_css=stylesheet_text()
    )
    return html


def render_pdf(snapshot: dict, template, verify_url: str) -> bytes:
    """Return the certificate's PDF (unsigned) for ``snapshot`` set in ``template``.

    ``snapshot`` holds the plain values frozen at issue: ``serial``,
    ``holder_name``, ``employee_id``, ``department``, ``course_title`` (a
    dict by language), ``credit_hours``, ``score`` (or None),
    ``issuer_name``, ``issued_on`` and ``expires_on`` (ISO dates, the latter
    or None) and ``language``. The template's language picks the wording and
    which course title leads. The PDF's title is the template's title and the
    serial, its author the issuer; a QR code points to ``verify_url``.

    The first call in a process takes about a second (fonts, stylesheet),
    and the first ever also cuts the fonts (about 25 s, see ``fonts``).
    Reads the template's image renditions (creating them if needed). Raises
    ``certificates.placeholders.PlaceholderError`` for a body that was saved
    without validation and holds an unknown placeholder.
    """
    font_config, stylesheet = _shared()
    html, files = _render_html(snapshot, template, verify_url)
    document = HTML(
        string=html,
        base_url=STYLESHEET.parent.as_uri() + "/",
        url_fetcher=CertificateFetcher(files),
    )
    with _lock:
        return document.write_pdf(
            stylesheets=[stylesheet],
            font_config=font_config,
            cache=_image_cache,
        )


@cache
def _document_stylesheet(path: Path) -> CSS:
    font_config, _certificate = _shared()
    faces = "\n".join(face.css() for face in fonts.cut_faces())
    return CSS(
        string=faces + "\n" + path.read_text(encoding="utf-8"),
        font_config=font_config,
        url_fetcher=CertificateFetcher(),
    )


def render_document(html: str, *, stylesheet: Path, text: str = "") -> bytes:
    """Return ``html`` as an unsigned PDF, set in the certificates' fonts.

    For the platform's other printed documents (the ledger's annual training
    record): ``stylesheet`` is the document's own CSS file (read once per
    process) and should name no font family; the body is set in the GB 2312
    cut, with the rare characters of ``text`` (a name with 生僻字) from the
    fallback fonts, as on a certificate. Nothing is fetched but the fonts.
    """
    font_config, _certificate = _shared()
    rare = fonts.rare_faces(text)
    faces = "\n".join(face.css() for face in rare)
    own = CSS(
        string=f"{faces}\nbody {{ font-family: {fonts.families(rare)} }}",
        font_config=font_config,
        url_fetcher=CertificateFetcher(),
    )
    document = HTML(
        string=html,
        base_url=stylesheet.parent.as_uri() + "/",
        url_fetcher=CertificateFetcher(),
    )
    with _lock:
        return document.write_pdf(
            stylesheets=[_document_stylesheet(stylesheet), own],
            font_config=font_config,
            cache=_image_cache,
        )


def prepare() -> None:
    """Cut the fonts and load the shared state now rather than at the first render."""
    _shared()
