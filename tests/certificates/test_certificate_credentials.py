"""A certificate as the holder downloads it: an Open Badges 3.0 credential anyone can check.

The credential and the status list are fetched through the site's own URLs,
then verified by Digital Bazaar's implementation in node (no network), once
while valid and again after HR revokes the certificate.
"""

import json
import subprocess

import pytest
from django.urls import reverse

from certificates.credentials import keys, loader, proof, status_list
from certificates.credentials_service import status_list_url
from certificates.models import Certificate
from certificates.services import revoke_certificate
from tests.certificates.conftest import hr_officer

pytestmark = pytest.mark.django_db


def fetch(client, certificate):
    credential = client.get(
        reverse("certificates:credential", args=[certificate.serial])
    )
    assert credential.status_code == 200
    listing = client.get(status_list_url())
    assert listing.status_code == 200
    return json.loads(credential.content), json.loads(listing.content)


def verdict(command, tmp_path, credential, listing) -> dict:
    bundle = {
        "credential": credential,
        "didDocument": keys.did_document(),
        "statusLists": {status_list_url(): listing},
        "contexts": {
            url: str(loader.CONTEXTS_DIR / name)
            for url, name in loader.PINNED_CONTEXTS.items()
        },
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False))
    run = subprocess.run(
        [*command, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_holders_credential_verifies_and_then_shows_revoked(
    client,
    certificate,
    learner,
    xian,
    node_verifier,
    tmp_path,
):
    client.force_login(learner)
    credential, listing = fetch(client, certificate)
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialSubject"]["achievement"]["id"].endswith(
        str(certificate.course_key)
    )
    assert proof.verify(credential)
    first = verdict(node_verifier, tmp_path, credential, listing)
    assert first["verified"] is True and first["revoked"] is False, first

    # The credential is kept as issued: a second download is the same document.
    again, _listing = fetch(client, certificate)
    assert again == credential

    revoke_certificate(certificate=certificate, by=hr_officer(xian), reason="作废")
    _same, revoked_listing = fetch(client, certificate)
    index = int(credential["credentialStatus"]["statusListIndex"])
    assert status_list.is_revoked(revoked_listing, index)
    second = verdict(node_verifier, tmp_path, credential, revoked_listing)
    assert second["revoked"] is True, second


def test_nobody_else_downloads_the_credential(client, certificate, baoji):
    client.force_login(hr_officer(baoji, username="hr-baoji"))
    url = reverse("certificates:credential", args=[certificate.serial])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_did_document_is_public(client):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert json.loads(response.content)["id"] == keys.issuer_did()


def test_the_badge_png_carries_the_credential(client, certificate, learner):
    from certificates.credentials import baking

    client.force_login(learner)
    response = client.get(reverse("certificates:badge", args=[certificate.serial]))
    png = b"".join(response.streaming_content)
    assert png.startswith(b"\x89PNG")
    baked = baking.unbake(png)
    assert baked == Certificate.objects.get(pk=certificate.pk).credential
