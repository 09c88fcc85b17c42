"""PAdES signatures on certificate PDFs, with the issuing organisation's key.

The key and its X.509 certificate are PEM files named by the settings
``CERTIFICATE_PDF_KEY`` and ``CERTIFICATE_PDF_CERT`` (the certificate file
may carry the issuing CA's chain after it), the key optionally encrypted
with ``CERTIFICATE_PDF_KEY_PASSPHRASE``. Unset, they are
``CERTIFICATE_KEY_DIR/pdf-signing.key`` and ``.crt``, which
``ensure_pdf_signing_key`` creates as a self-signed demo pair.
"""

import asyncio
import contextlib
import datetime
import fcntl
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CERT_NAME = "pdf-signing.crt"
KEY_NAME = "pdf-signing.key"
FIELD_NAME = "Certificate"
DEMO_SUBJECT = "Demo certificate issuer (self-signed)"


class SigningKeyMissing(ImproperlyConfigured):
    """No key and certificate to sign PDFs with are where the settings say."""


def signing_files() -> tuple[Path, Path]:
    """Return the paths of the signing certificate and key, configured or default."""
    key_dir = Path(settings.CERTIFICATE_KEY_DIR)
    cert = settings.CERTIFICATE_PDF_CERT or key_dir / CERT_NAME
    key = settings.CERTIFICATE_PDF_KEY or key_dir / KEY_NAME
    return Path(cert), Path(key)


def _passphrase() -> bytes | None:
    return settings.CERTIFICATE_PDF_KEY_PASSPHRASE.encode() or None


def ensure_pdf_signing_key() -> tuple[Path, Path]:
    """Return the signing certificate and key, making a self-signed pair if none.

    With ``CERTIFICATE_PDF_CERT`` and ``CERTIFICATE_PDF_KEY`` set, nothing is
    made: the files must exist (``SigningKeyMissing`` otherwise). Unset,
    a missing pair in ``CERTIFICATE_KEY_DIR`` is generated (RSA 3072, valid
    ten years, named after ``CERTIFICATE_ISSUER_NAME``); the key file is
    readable by its owner only, and encrypted with the passphrase if one is
    set. Idempotent, and safe when several processes start at once (a lock
    file in the key folder).
    """
    cert, key = signing_files()
    if settings.CERTIFICATE_PDF_CERT or settings.CERTIFICATE_PDF_KEY:
        _check_configured(cert, key)
        return cert, key
    key_dir = Path(settings.CERTIFICATE_KEY_DIR)
    key_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _locked(key_dir / ".pdf-signing.lock"):
        if not (cert.exists() and key.exists()):
            _write_demo_pair(cert, key)
    return cert, key


def _check_configured(cert: Path, key: Path) -> None:
    for setting, path in (("CERTIFICATE_PDF_CERT", cert), ("CERTIFICATE_PDF_KEY", key)):
        if not path.is_file():
            raise SigningKeyMissing(f"{setting} names no file: {path}")


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_demo_pair(cert_path: Path, key_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    passphrase = _passphrase()
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    cert_pem = _self_signed(private_key).public_bytes(serialization.Encoding.PEM)
    _write_private(key_path, key_pem)
    _write_private(cert_path, cert_pem, mode=0o644)


def _self_signed(private_key):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    issuer = settings.CERTIFICATE_ISSUER_NAME or DEMO_SUBJECT
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, issuer[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, issuer[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    public_key = private_key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .sign(private_key, hashes.SHA256())
    )


def _write_private(path: Path, content: bytes, mode: int = 0o600) -> None:
    # Created with its mode, never readable by others even for a moment;
    # renamed into place so that a reader sees a whole file or none.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


@cache
def _signer(cert: Path, key: Path, passphrase: bytes | None, _versions: tuple):
    from cryptography.hazmat.primitives.serialization import load_der_private_key
    from pyhanko.keys import load_certs_from_pemder, load_private_key_from_pemder
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificates = list(load_certs_from_pemder([str(cert)]))
    signing_key = load_private_key_from_pemder(str(key), passphrase=passphrase)
    return _signer_class()(
        signing_cert=certificates[0],
        signing_key=signing_key,
        cert_registry=SimpleCertificateStore.from_certs(certificates[1:]),
        loaded_key=load_der_private_key(signing_key.dump(), password=None),
    )


@cache
def _signer_class():
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class LoadedKeySigner(SimpleSigner):
        """A SimpleSigner that loads its key once, not at every signature.

        pyHanko's own reloads the key for each signature, which with RSA 3072
        and OpenSSL 3's key checks is 160 ms of the 190 a signature took.
        """

        def __init__(self, *, loaded_key, **kwargs):
            super().__init__(**kwargs)
            self._loaded_key = loaded_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            if algorithm == "rsassa_pkcs1v15":
                return self._loaded_key.sign(data, PKCS1v15(), hash_algorithm)
            if algorithm == "ecdsa":
                return self._loaded_key.sign(data, ECDSA(hash_algorithm))
            return super().sign_raw(data, digest_algorithm)

    return LoadedKeySigner


def signer():
    """Return the pyHanko signer of the configured key (loaded once per change)."""
    cert, key = signing_files()
    try:
        versions = (cert.stat().st_mtime_ns, key.stat().st_mtime_ns)
    except FileNotFoundError as error:
        raise SigningKeyMissing(
            f"No PDF signing key at {key} and {cert}: set CERTIFICATE_PDF_CERT and "
            "CERTIFICATE_PDF_KEY, or run `manage.py ensure_certificate_keys` for "
            "a self-signed demo pair."
        ) from error
    try:
        return _signer(cert, key, _passphrase(), versions)
    except (ValueError, TypeError, IndexError) as error:
        raise ImproperlyConfigured(
            f"Cannot read the PDF signing key: {error}"
        ) from error


def sign_pdf(data: bytes) -> bytes:
    """Return ``data`` (a PDF) with a PAdES B-B signature by the issuing organisation.

    The signature certifies the document with no changes allowed (DocMDP
    level 1), so a reader reports any later edit. It is invisible and holds
    the signing time from the local clock (no time-stamp authority).
    Raises ``SigningKeyMissing`` when there is no key to sign with.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signing = signer()
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    certificates = [signing.signing_cert, *signing.cert_registry]
    # Reserving the room avoids pyHanko's trial signature to estimate it.
    reserved = 2 * (2048 + sum(len(c.dump()) for c in certificates))

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(BytesIO(data))
        output = signers.sign_pdf(
            writer, metadata, signer=signing, bytes_reserved=reserved
        )
        return output.getvalue()

    return _outside_event_loop(sign)


def _outside_event_loop(function):
    """Call ``function`` where pyHanko may start its own event loop.

    pyHanko's synchronous API calls ``asyncio.run``, which refuses to run in a
    thread whose loop is running (an ASGI worker, a Playwright test); there,
    the signing goes to a short-lived thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()
