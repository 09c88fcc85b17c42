"""Settings for the platform, read from the environment.

Every setting a deployment may change is an environment variable documented in
README.md. The defaults are the safe ones: DEBUG is off unless DEBUG=1 (as
`make run` sets it), and with DEBUG off the site refuses to start without a
real SECRET_KEY. With DEBUG=1 a development key, SQLite and inline tasks give
a working site with nothing else set.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)

# A development key is only acceptable while DEBUG is on; checked just below.
_DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (
    len(SECRET_KEY) < 50
    or SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
ALLOWED_HOSTS += ["testserver"] if DEBUG else []
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CONTENT_PACKAGE_ORIGIN = os.environ.get("CONTENT_PACKAGE_ORIGIN", "")  # see packages
WAGTAILADMIN_BASE_URL = SITE_BASE_URL

INSTALLED_APPS = [
    "lms",
    "people",
    "packages",
    "content",
    "courses",
    "assessments",
    "certificates",
    "ledger",
    "xapi",
    "reports",
    "audit",
    "wagtail.api.v2",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "courses.prefetch.LearnerPagePrefetchMiddleware",  # before auth: see its module
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "audit.context.ActingUserMiddleware",  # who acts, for audit entries from signals
    # After the messages: both may sign a user out and say why.
    "lms.sessions.IdleTimeoutMiddleware",
    "lms.otp_middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "packages.cmi5_middleware.Cmi5Middleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes must be last: it answers locked-out logins before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a long import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "people.backends.CachedUserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The second factor (TOTP, lms.otp) for administrators and HR officers. It can
# be made optional only on a development site (DEBUG on), as `make run` does.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True) or not DEBUG
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Civil Service Online Training")
# Every role is signed out after this many minutes without a request.
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in lock-out (django-axes, lms.lockout): five failures for one account
# from one address lock that account at that address, so nobody elsewhere can
# lock another person out; and AXES_ADDRESS_FAILURE_LIMIT failures across any
# accounts from one address lock the address, which stops password spraying.
# The address limit is higher because a whole office often shares one NAT
# address. Both unlock after the cool-off.
AXES_HANDLER = "lms.lockout.AddressLimitHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "audit.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in the reader's language: 2026年12月31日 / 31 December 2026.
FORMAT_MODULE_PATH = ["lms.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Certificate PDFs and HR's archives: never under MEDIA_URL, served only
    # by views that check who is asking.
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("CERTIFICATE_FILES_ROOT")
            or str(BASE_DIR / "var" / "certificates"),
        },
    },
    # Evidence of external training claims: private, like certificates.
    "ledger": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("LEDGER_FILES_ROOT")
            or str(BASE_DIR / "var" / "ledger"),
        },
    },
    # Export files built by tasks: private too, fetched only by their requester.
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("REPORT_FILES_ROOT")
            or str(BASE_DIR / "var" / "reports"),
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WAGTAIL_SITE_NAME = _("Civil Service Online Training")
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no external avatars: Wagtail's local default
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_LIMIT_MAX = 100  # the longest page of the headless API's lists
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "zip", "txt", "csv"]
# Lesson videos and their subtitles (courses.blocks.VideoBlock).
WAGTAILDOCS_EXTENSIONS += ["mp4", "webm", "vtt"]

# Mail goes out over SMTP when EMAIL_HOST is set; a development site with no
# mail server (DEBUG on, as `make run`) prints it to the console instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "training@localhost")

# Caches. "default" is local to each process: everything in it is keyed by the
# content version (courses.caching), so processes never disagree about what is
# current. With CACHE_URL (Redis) sessions are also kept there, read from Redis
# instead of the database on every request, and written through to both.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
if CACHE_URL:
    CACHES["shared"] = {
        "BACKEND": "lms.cache.SharedClientRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "lms",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "shared"
# Celery: with no broker configured, tasks run inline in the calling process so
# that the default development run needs no Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None
)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks, run by ``celery -A lms beat`` (Celery's own scheduler).
CELERY_BEAT_SCHEDULE = {
    "grade-expired-attempts": {
        "task": "assessments.tasks.grade_expired_attempts",
        "schedule": 60.0,
    },
    # Reminders (reports.reminders): daily at the start of the working day, in
    # TIME_ZONE. The run reads every open required enrolment, so daily, not
    # hourly; it is idempotent, so a second run (or a manual one) sends nothing twice.
    "send-reminders": {
        "task": "reports.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "renew-expiring-certificates": {
        "task": "certificates.tasks.renew_expiring_certificates",
        "schedule": 6 * 60 * 60.0,
    },
    "delete-expired-report-exports": {
        "task": "reports.tasks.delete_expired_exports",
        "schedule": 60 * 60.0,
    },
}

# Report exports above this many rows are built by a Celery task, and their
# file kept this many hours; the HR API's page size and the most one may ask.
REPORT_EXPORT_ASYNC_ROWS = int(os.environ.get("REPORT_EXPORT_ASYNC_ROWS", "5000"))
REPORT_EXPORT_RETENTION_HOURS = int(
    os.environ.get("REPORT_EXPORT_RETENTION_HOURS", "24")
)
REPORT_API_PAGE_SIZE = int(os.environ.get("REPORT_API_PAGE_SIZE", "100"))
REPORT_API_MAX_PAGE_SIZE = int(os.environ.get("REPORT_API_MAX_PAGE_SIZE", "1000"))

# Cells that a spreadsheet would run as formulas (=, +, -, @) are exported as text.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# The audit log keeps entries this many days at least (never under 180);
# prune_audit_log refuses to delete anything younger.
AUDIT_RETENTION_DAYS = max(int(os.environ.get("AUDIT_RETENTION_DAYS", "180")), 180)
# How many proxies of our own stand in front of the site. 0: the client address
# is REMOTE_ADDR; N: it is the Nth address from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# The xAPI version answered to requests that name none (only /xapi/about allows that).
XAPI_DEFAULT_VERSION = os.environ.get("XAPI_DEFAULT_VERSION", "1.0.3")
# Forward every stored statement to another LRS (empty: do not forward).
XAPI_FORWARD_ENDPOINT = os.environ.get("XAPI_FORWARD_ENDPOINT", "")
XAPI_FORWARD_USERNAME = os.environ.get("XAPI_FORWARD_USERNAME", "")
XAPI_FORWARD_PASSWORD = os.environ.get("XAPI_FORWARD_PASSWORD", "")
XAPI_FORWARD_VERSION = os.environ.get("XAPI_FORWARD_VERSION", "1.0.3")

# Certificates. The issuing organisation's keys: an X.509 certificate and
# key (PEM) that sign the PDFs (PAdES), and an Ed25519 key (PEM, PKCS#8) that
# signs the Open Badges credentials. Unset, they are read from (and
# `manage.py ensure_certificate_keys`, run by `make run`, generates
# self-signed demo keys in) CERTIFICATE_KEY_DIR.
CERTIFICATE_KEY_DIR = Path(
    os.environ.get("CERTIFICATE_KEY_DIR") or BASE_DIR / "var" / "keys"
)
CERTIFICATE_PDF_CERT = os.environ.get("CERTIFICATE_PDF_CERT", "")
CERTIFICATE_PDF_KEY = os.environ.get("CERTIFICATE_PDF_KEY", "")
CERTIFICATE_PDF_KEY_PASSPHRASE = os.environ.get("CERTIFICATE_PDF_KEY_PASSPHRASE", "")
CERTIFICATE_VC_KEY = os.environ.get("CERTIFICATE_VC_KEY", "")
# Where the certificate fonts, cut once from the system's Noto CJK, are kept.
CERTIFICATE_FONT_DIR = Path(
    os.environ.get("CERTIFICATE_FONT_DIR") or BASE_DIR / "var" / "fonts"
)
# The issuing organisation named on certificates when a template names none.
CERTIFICATE_ISSUER_NAME = os.environ.get("CERTIFICATE_ISSUER_NAME", "")
# How many days before expiry a certificate comes up for recertification.
CERTIFICATE_RENEWAL_DAYS = int(os.environ.get("CERTIFICATE_RENEWAL_DAYS", "60"))
# Requests per minute one client address may make to /verify/.
CERTIFICATE_VERIFY_RATE_PER_MINUTE = int(
    os.environ.get("CERTIFICATE_VERIFY_RATE_PER_MINUTE", "30")
)

# Roster files larger than this are refused before parsing.
ROSTER_MAX_UPLOAD_BYTES = int(
    os.environ.get("ROSTER_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Wagtail marks its own preview views SAMEORIGIN; everything else is never framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
