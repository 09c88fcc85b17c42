import pytest


@pytest.fixture(autouse=True, scope="session")
def _certificate_keys():
    """The issuer's self-signed keys in this process's key folder (tests/settings.py),
    as `make run` makes them with ensure_certificate_keys."""
    from certificates.credentials.keys import ensure_vc_key
    from certificates.rendering import ensure_pdf_signing_key

    ensure_vc_key()
    ensure_pdf_signing_key()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # Each test's database starts over, and so must what is cached from it.
    # A shared (Redis) cache gets a prefix of its own per test, so parallel
    # workers and earlier tests never see each other's users and tokens.
    import uuid

    from django.core.cache import cache

    cache.clear()
    if "shared" in settings.CACHES:
        settings.CACHES = {
            **settings.CACHES,
            "shared": {
                **settings.CACHES["shared"],
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            },
        }


@pytest.fixture
def shared_cache(settings):
    """A shared cache for one test, as Redis is when deployed (a local one, so SQLite runs have it)."""
    import uuid

    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"shared-{uuid.uuid4().hex}",
        },
    }
    yield caches["shared"]
    caches["shared"].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests create many accounts; real PBKDF2 would cost ~0.3 s per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(transactional_db):
    """Recreate what the migrations made, for tests on a flushed database.

    A transactional test starts from a flushed database. serialized_rollback
    cannot restore it once Playwright's event loop runs in the test thread (it
    gives Django a fresh connection object without the serialized contents),
    so content types, permissions, roles, grades and the Wagtail root are
    recreated here instead.
    """
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.models import Locale, Page, Site

    from people.grades import ensure_grades
    from people.models import Grade

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    ensure_grades(Grade)
    locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
    if not Page.objects.exists():
        root = Page.add_root(title="Root", slug="root", locale=locale)
        home = root.add_child(title="首页", slug="home", locale=locale)
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture
def client():
    """Django's test client, whose ``force_login`` also passes the second factor.

    Administrators and HR officers need one (OTP_REQUIRED is on in the test
    settings); see tests/second_factor.py.
    """
    from tests.second_factor import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def verified_client(db):
    """Return a function giving a client signed in as ``user``, second factor passed."""
    from tests.second_factor import VerifiedClient

    def sign_in(user):
        client = VerifiedClient()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def cmi5_api(db):
    """A client of the cmi5 course API, holding an administrator's key."""
    from packages.cmi5_models import Cmi5ApiKey
    from tests.factories.people import UserFactory
    from tests.packages.cmi5_api import Cmi5Api

    admin = UserFactory(username="cmi5-admin", is_superuser=True, is_staff=True)
    return Cmi5Api(Cmi5ApiKey.issue(admin))
