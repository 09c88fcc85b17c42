"""Our credentials, verified by an implementation that is not ours.

Digital Bazaar's ``@digitalbazaar/vc`` with the eddsa-rdfc-2022 cryptosuite
and ``@digitalbazaar/vc-bitstring-status-list``, from the npm registry at the
versions pinned in ``interop/package-lock.json``, run in node on credentials
that ``certificates.credentials`` issued. The JavaScript side loads only our
pinned contexts and our DID document, never the network (``interop/verify.mjs``).
"""

import copy
import fcntl
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import override_settings

from certificates.credentials import badge, keys, loader, status_list
from tests.certificates.credentials_fixtures import LIST_URL, SITE, credential_arguments

INTEROP = Path(__file__).parent / "interop"
REVOKED_INDEX = 8


def _installed() -> bool:
    # npm ci writes node_modules/.package-lock.json: the same packages as the
    # committed lock means there is nothing to install.
    hidden = INTEROP / "node_modules" / ".package-lock.json"
    if not hidden.exists():
        return False
    locked = json.loads((INTEROP / "package-lock.json").read_text())["packages"]
    installed = json.loads(hidden.read_text())["packages"]
    return {path: entry for path, entry in locked.items() if path} == installed


@pytest.fixture(scope="session")
def node_verifier():
    """Install the pinned npm packages once (``npm ci``) and return the node command."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        pytest.fail(
            "node and npm are needed for the interoperability test: install nodejs"
        )
    # Two test workers may get here at once; one installs, the other waits.
    with open(INTEROP / "package.json") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                cwd=INTEROP,
                check=True,
                capture_output=True,
                timeout=300,
            )
    return [node, str(INTEROP / "verify.mjs")]


def _bundle(credential: dict, status_list_credential: dict) -> dict:
    return {
        "credential": credential,
        "didDocument": keys.did_document(),
        "statusLists": {LIST_URL: status_list_credential},
        "contexts": {
            url: str(loader.CONTEXTS_DIR / name)
            for url, name in loader.PINNED_CONTEXTS.items()
        },
    }


def _tampered(credential: dict) -> dict:
    altered = copy.deepcopy(credential)
    altered["credentialSubject"]["identifier"][0]["identityHash"] = "李四"
    return altered


@pytest.fixture(scope="module")
def verdicts(node_verifier, tmp_path_factory):
    """Issue the cases with our library, verify them all in one node run."""
    folder = tmp_path_factory.mktemp("interop")
    with override_settings(
        SITE_BASE_URL=SITE, CERTIFICATE_KEY_DIR=folder / "keys", CERTIFICATE_VC_KEY=""
    ):
        keys.ensure_vc_key()
        genuine = badge.issue(**credential_arguments(index=7))
        revocations = status_list.status_list_credential(LIST_URL, [REVOKED_INDEX, 100])
        cases = {
            "genuine": genuine,
            "tampered": _tampered(genuine),
            "revoked": badge.issue(**credential_arguments(index=REVOKED_INDEX)),
            "expired": badge.issue(
                **credential_arguments(issued=_days_ago(800), valid_until=_days_ago(70))
            ),
            "fractional hours, no score": badge.issue(
                **credential_arguments(credit_hours="1.5", score=None)
            ),
            "english": badge.issue(**credential_arguments(language="en")),
        }
        paths = []
        for number, credential in enumerate(cases.values()):
            path = folder / f"bundle-{number}.json"
            path.write_text(
                json.dumps(_bundle(credential, revocations), ensure_ascii=False)
            )
            paths.append(str(path))
    run = subprocess.run(
        [*node_verifier, *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(zip(cases, map(json.loads, run.stdout.splitlines()), strict=True))


def _days_ago(days: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


@pytest.mark.parametrize("case", ["genuine", "fractional hours, no score", "english"])
def test_digital_bazaar_verifies_our_credential(verdicts, case):
    assert verdicts[case]["verified"] is True, verdicts[case]["error"]
    assert verdicts[case]["revoked"] is False


def test_digital_bazaar_rejects_a_tampered_credential(verdicts):
    assert verdicts["tampered"]["verified"] is False
    assert "signature" in verdicts["tampered"]["error"].lower()


def test_digital_bazaar_reports_a_revoked_credential_revoked(verdicts):
    assert verdicts["revoked"]["revoked"] is True


def test_digital_bazaar_rejects_an_expired_credential(verdicts):
    assert verdicts["expired"]["verified"] is False
    assert "validUntil" in verdicts["expired"]["error"]


def test_javascript_side_loaded_only_what_we_handed_it(verdicts):
    handed = {*loader.PINNED_CONTEXTS, LIST_URL, keys.issuer_did(SITE)}
    for verdict in verdicts.values():
        for url in verdict["loaded"]:
            assert url.split("#")[0] in handed
