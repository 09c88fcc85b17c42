"""The test suite's settings: production's (DEBUG off, second factor required).

Only what a test run cannot have is changed: a random key of its own (set
before ``lms.settings`` is read, which refuses to start without one), the
test client's and the live server's host names, plain HTTP, static files
served from the source folders (production's manifest storage needs
``collectstatic`` first), and a fresh folder for the certificate keys in
each test process (the cut fonts stay shared: cutting them takes seconds). Tests that need other values change them with
pytest-django's ``settings`` fixture.
"""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

os.environ["DEBUG"] = "0"
os.environ["OTP_REQUIRED"] = "1"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))

from lms.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CERTIFICATE_KEY_DIR = Path(tempfile.mkdtemp(prefix="lms-test-keys-"))
atexit.register(shutil.rmtree, CERTIFICATE_KEY_DIR, ignore_errors=True)
_CERTIFICATE_FILES = tempfile.mkdtemp(prefix="lms-test-certificates-")
atexit.register(shutil.rmtree, _CERTIFICATE_FILES, ignore_errors=True)
_LEDGER_FILES = tempfile.mkdtemp(prefix="lms-test-ledger-")
atexit.register(shutil.rmtree, _LEDGER_FILES, ignore_errors=True)
_REPORT_FILES = tempfile.mkdtemp(prefix="lms-test-reports-")
atexit.register(shutil.rmtree, _REPORT_FILES, ignore_errors=True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _REPORT_FILES},
    },
    "ledger": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _LEDGER_FILES},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _CERTIFICATE_FILES},
    },
}
CERTIFICATE_PDF_CERT = CERTIFICATE_PDF_KEY = CERTIFICATE_PDF_KEY_PASSPHRASE = ""
