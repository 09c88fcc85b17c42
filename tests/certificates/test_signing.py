"""The PAdES signature: valid with the issuer's certificate, broken by any change."""

import stat
from io import BytesIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates.rendering import ensure_pdf_signing_key, render_pdf, sign_pdf
from certificates.rendering.signing import SigningKeyMissing

from . import pdftools
from .conftest import VERIFY_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(snapshot, zh_template, signing_key):
    return sign_pdf(render_pdf(snapshot, zh_template, VERIFY_URL))


def validate(data: bytes, cert_path):
    signature = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    trust = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_path))])
    return validate_pdf_signature(signature, trust)


def test_the_signature_validates_against_the_issuers_certificate(signed, signing_key):
    cert_path, _key_path = signing_key

    status = validate(signed, cert_path)

    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    signature = PdfFileReader(BytesIO(signed)).embedded_signatures[0]
    assert signature.docmdp_level == MDPPerm.NO_CHANGES  # a certification


def test_one_changed_byte_breaks_the_signature(signed, signing_key):
    cert_path, _key_path = signing_key
    # A byte inside the page's content stream: the file still opens.
    position = signed.index(b"stream\n") + 40
    tampered = bytearray(signed)
    tampered[position] ^= 0x01

    status = validate(bytes(tampered), cert_path)

    assert status.intact is False
    assert not status.bottom_line


def test_a_certificate_from_someone_else_is_not_trusted(signed, tmp_path, settings):
    settings.CERTIFICATE_KEY_DIR = tmp_path / "other"
    other_cert, _other_key = ensure_pdf_signing_key()

    status = validate(signed, other_cert)

    assert status.intact is True
    assert status.trusted is False


def test_the_signed_pdf_still_reads_the_same(signed, snapshot, zh_template):
    assert pdftools.raw_text(signed) == pdftools.raw_text(
        render_pdf(snapshot, zh_template, VERIFY_URL)
    )
    assert pdftools.qr_codes(signed) == [VERIFY_URL]


def test_the_demo_pair_is_made_once_and_the_key_is_private(tmp_path, settings):
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"

    cert, key = ensure_pdf_signing_key()
    first = (cert.read_bytes(), key.read_bytes())
    again = ensure_pdf_signing_key()

    assert again == (cert, key)
    assert (cert.read_bytes(), key.read_bytes()) == first
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"ENCRYPTED" not in first[1]


def test_a_passphrase_encrypts_the_demo_key_and_signing_uses_it(
    tmp_path, settings, snapshot, zh_template
):
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_PDF_KEY_PASSPHRASE = "口令 passphrase"
    cert, key = ensure_pdf_signing_key()

    signed = sign_pdf(render_pdf(snapshot, zh_template, VERIFY_URL))

    assert b"ENCRYPTED PRIVATE KEY" in key.read_bytes()
    assert validate(signed, cert).bottom_line


def test_configured_files_are_used_and_never_generated(
    tmp_path, settings, snapshot, zh_template
):
    settings.CERTIFICATE_KEY_DIR = tmp_path / "made"
    made_cert, made_key = ensure_pdf_signing_key()
    settings.CERTIFICATE_KEY_DIR = tmp_path / "unused"
    settings.CERTIFICATE_PDF_CERT = str(made_cert)
    settings.CERTIFICATE_PDF_KEY = str(made_key)

    assert ensure_pdf_signing_key() == (made_cert, made_key)
    signed = sign_pdf(render_pdf(snapshot, zh_template, VERIFY_URL))
    assert validate(signed, made_cert).bottom_line
    assert not (tmp_path / "unused").exists()


def test_a_configured_file_that_is_missing_is_an_error(tmp_path, settings):
    settings.CERTIFICATE_PDF_CERT = str(tmp_path / "missing.crt")
    settings.CERTIFICATE_PDF_KEY = str(tmp_path / "missing.key")

    with pytest.raises(SigningKeyMissing, match="CERTIFICATE_PDF_CERT"):
        ensure_pdf_signing_key()
    with pytest.raises(SigningKeyMissing):
        sign_pdf(b"%PDF-1.7")


def test_a_wrong_passphrase_is_a_configuration_error(tmp_path, settings):
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_PDF_KEY_PASSPHRASE = "right"
    ensure_pdf_signing_key()
    settings.CERTIFICATE_PDF_KEY_PASSPHRASE = "wrong"

    with pytest.raises(ImproperlyConfigured, match="Cannot read the PDF signing key"):
        sign_pdf(b"%PDF-1.7")
