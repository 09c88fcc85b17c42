"""Serving unpacked package files under a signed, expiring URL."""

import time

import pytest
from django.core import signing
from django.core.files.base import ContentFile

from packages.launch import package_base_url, package_launch_url
from packages.models import Package
from packages.tokens import SALT
from tests.factories.people import UserFactory

from .zips import INDEX_HTML, tincan_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return UserFactory()


@pytest.fixture
def package():
    return _package(tincan_zip())


def _package(stream, title="识别钓鱼邮件") -> Package:
    package = Package(title=title, file=ContentFile(stream.getvalue(), name="p.zip"))
    package.full_clean()
    package.save()
    return package


def _backdated(url: str, seconds: int) -> str:
    """Return ``url`` with its token signed ``seconds`` ago, payload unchanged."""
    prefix, token, _rest = url.rsplit("/", 2)
    payload = signing.loads(token, salt=SALT)

    class EarlierSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - seconds)

    return f"{prefix}/{EarlierSigner(salt=SALT).sign_object(payload)}/"


def test_base_url_is_under_content_packages(package, learner):
    url = package_base_url(package, user_id=learner.pk)
    assert url.startswith("/content/packages/")
    assert url.endswith("/")


def test_launch_url_adds_parameters_to_the_launch_file(package, learner):
    url = package_launch_url(package, user_id=learner.pk, params={"endpoint": "/x/"})
    assert url == package_base_url(package, user_id=learner.pk) + (
        "index.html?endpoint=%2Fx%2F"
    )


def test_valid_token_serves_the_launch_file_sandboxed(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    response = client.get(base + package.launch_path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == INDEX_HTML
    assert response["Content-Type"] == "text/html"
    assert response["Content-Security-Policy"] == (
        "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"
    )
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Accept-Ranges"] == "bytes"
    # Its scripts run in an opaque origin, so their requests for data files
    # are cross-origin.
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("app.js", "text/javascript"), ("media/intro.vtt", "text/vtt")],
)
def test_scripts_and_subtitles_get_their_content_types(
    client, package, learner, path, content_type
):
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(base + path)["Content-Type"] == content_type


def test_serving_needs_no_session(client, package, learner):
    # The sandboxed window sends no cookies; the token alone is the grant.
    client.logout()
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(base + "index.html").status_code == 200


def test_tampered_token_is_forbidden(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    tampered = base[:-3] + ("A" if base[-3] != "A" else "B") + base[-2:]
    assert client.get(tampered + "index.html").status_code == 403


def test_token_signed_for_another_purpose_is_forbidden(client, package, learner):
    token = signing.dumps([package.uuid.hex, learner.pk], salt="another.salt")
    response = client.get(f"/content/packages/{token}/index.html")
    assert response.status_code == 403


def test_expired_token_is_forbidden(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(_backdated(base, 60) + "index.html").status_code == 200
    assert client.get(_backdated(base, 8 * 3600 + 5) + "index.html").status_code == 403


def test_token_lifetime_follows_the_setting(client, package, learner, settings):
    settings.CONTENT_PACKAGE_TOKEN_MAX_AGE = 30
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(_backdated(base, 60) + "index.html").status_code == 403


def test_token_of_an_inactive_user_is_forbidden(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    learner.is_active = False
    learner.save()
    assert client.get(base + "index.html").status_code == 403


def test_token_for_a_deleted_package_is_forbidden(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    package.delete()
    assert client.get(base + "index.html").status_code == 403


def test_token_for_one_package_does_not_reach_another(client, package, learner):
    other = _package(tincan_zip(**{"only-other.html": b"other"}), title="其他")
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(base + "only-other.html").status_code == 404
    escape = f"..%2F{other.uuid}%2Fonly-other.html"
    assert client.get(base + escape).status_code == 404


@pytest.mark.parametrize(
    "path", ["..%2F..%2Fzips%2Fp.zip", "media%2F..%2F..%2Findex.html", "media/"]
)
def test_paths_leaving_the_package_are_not_found(client, package, learner, path):
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(base + path).status_code == 404


def test_missing_file_is_not_found(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    assert client.get(base + "nothing.html").status_code == 404


def test_package_files_are_read_only(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    assert client.post(base + "index.html").status_code == 405


def test_range_request_gets_the_requested_bytes(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    response = client.get(base + "index.html", headers={"Range": "bytes=2-9"})
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == INDEX_HTML[2:10]
    assert response["Content-Range"] == f"bytes 2-9/{len(INDEX_HTML)}"
    assert response["Content-Security-Policy"].startswith("sandbox ")


def test_range_past_the_end_is_not_satisfiable(client, package, learner):
    base = package_base_url(package, user_id=learner.pk)
    response = client.get(base + "index.html", headers={"Range": "bytes=9999-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(INDEX_HTML)}"
