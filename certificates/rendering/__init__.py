"""Certificate PDFs: rendering (WeasyPrint, fonts, QR code, seal) and signing (PAdES)."""

from .pdf import certificate_html, prepare, render_document, render_pdf
from .signing import ensure_pdf_signing_key, sign_pdf

__all__ = [
    "certificate_html",
    "ensure_pdf_signing_key",
    "prepare",
    "render_document",
    "render_pdf",
    "sign_pdf",
]
