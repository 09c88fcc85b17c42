"""The SCORM player and SCO files: only on the package origin do they share an origin."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile

from packages.launch import package_base_url, scorm_player_url
from packages.models import Package
from packages.origin import package_origin
from packages.views import SANDBOX
from tests.factories.people import UserFactory

from .zips import INDEX_HTML, make_zip, sco_resource, scorm_xml, tincan_zip

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"
PACKAGES = "localhost:8000"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_BASE_URL = SITE
    settings.CONTENT_PACKAGE_ORIGIN = ""


@pytest.fixture
def learner():
    return UserFactory()


def _saved(stream) -> Package:
    package = Package(
        title="安全课件", file=ContentFile(stream.getvalue(), name="s.zip")
    )
    package.save()
    return package


@pytest.fixture
def scorm():
    items = (
        '<item identifier="one" identifierref="r1"><title>第一课</title></item>'
        '<item identifier="two" identifierref="r2" parameters="?part=2">'
        "<title>第二课</title></item>"
    )
    resources = sco_resource("r1", "one.html") + sco_resource("r2", "two.html")
    xml = scorm_xml(items, resources, version="2004")
    return _saved(
        make_zip(
            {"imsmanifest.xml": xml, "one.html": INDEX_HTML, "two.html": INDEX_HTML}
        )
    )


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_uploading_a_scorm_package_keeps_its_scos(scorm):
    assert scorm.kind == Package.Kind.SCORM2004 and scorm.is_scorm
    assert [sco["identifier"] for sco in scorm.scos] == ["one", "two"]
    assert scorm.launch_path == "one.html"


def test_the_package_origin_is_the_other_loopback_name_or_the_setting(settings):
    assert package_origin() == "http://localhost:8000"
    settings.CONTENT_PACKAGE_ORIGIN = "https://content.lms.example"
    assert package_origin() == "https://content.lms.example"
    # The site's own origin would give the SCO the learner's session.
    settings.CONTENT_PACKAGE_ORIGIN = SITE
    assert package_origin() == ""
    settings.CONTENT_PACKAGE_ORIGIN = ""
    settings.SITE_BASE_URL = "https://lms.example"
    assert package_origin() == ""


def test_the_player_lists_the_scos_on_the_package_origin(client, scorm, learner):
    url = scorm_player_url(
        scorm, user_id=learner.pk, params={"auth": "Basic x"}, language="en"
    )
    parts = urlsplit(url)
    assert parts.netloc == PACKAGES
    # The credential stays in the fragment, which the browser never sends.
    assert parse_qs(parts.fragment) == {"auth": ["Basic x"]}
    response = client.get(_path(url), HTTP_HOST=PACKAGES)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == f"{SANDBOX} allow-same-origin"
    config = json.loads(
        response.content.decode()
        .split('id="scorm-config" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert config["version"] == "2004"
    assert config["profile"] == "https://w3id.org/xapi/scorm"
    assert [sco["title"] for sco in config["scos"]] == ["第一课", "第二课"]
    assert config["scos"][1]["url"].endswith("/two.html?part=2")
    assert "scorm2004.min.js" in response.content.decode()


def test_the_player_on_the_site_origin_says_why_it_cannot_play(client, scorm, learner):
    url = scorm_player_url(scorm, user_id=learner.pk, params={}, language="en")
    response = client.get(_path(url), HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 400
    assert "CONTENT_PACKAGE_ORIGIN" in response.content.decode()


def test_the_player_refuses_other_packages_and_forged_tokens(client, learner):
    tincan = _saved(tincan_zip())
    url = scorm_player_url(tincan, user_id=learner.pk, params={}, language="en")
    assert client.get(_path(url), HTTP_HOST=PACKAGES).status_code == 404
    forged = client.get("/content/scorm/forged-token/", HTTP_HOST=PACKAGES)
    assert forged.status_code == 403


def test_a_sco_shares_the_package_origin_with_its_player_only_there(
    client, scorm, learner
):
    path = package_base_url(scorm, user_id=learner.pk) + "one.html"
    there = client.get(path, HTTP_HOST=PACKAGES)
    assert there["Content-Security-Policy"] == (
        f"{SANDBOX} allow-same-origin; frame-ancestors 'self'"
    )
    assert there["X-Frame-Options"] == "SAMEORIGIN"
    on_the_site = client.get(path, HTTP_HOST="127.0.0.1:8000")
    assert on_the_site["Content-Security-Policy"] == SANDBOX
    assert on_the_site["X-Frame-Options"] == "DENY"


def test_an_xapi_package_stays_opaque_on_the_package_origin(client, learner):
    tincan = _saved(tincan_zip())
    path = package_base_url(tincan, user_id=learner.pk) + "index.html"
    response = client.get(path, HTTP_HOST=PACKAGES)
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Frame-Options"] == "DENY"
