"""The Open Badges 3.0 credential library (certificates/credentials/), without a database."""

import copy
import gzip
import hashlib
import io
import json
import os
import re
import socket
import stat
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from certificates.credentials import (
    badge,
    baking,
    keys,
    loader,
    multibase,
    proof,
    status_list,
)
from tests.certificates.credentials_fixtures import (
    LIST_URL,
    credential_arguments,
    use_site_key,
)

VECTORS = Path(__file__).parent / "vectors"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.fixture
def site_key(settings, tmp_path):
    return use_site_key(settings, tmp_path)


@pytest.fixture
def credential(site_key):
    return badge.issue(**credential_arguments())


def vector(name: str) -> str:
    return (VECTORS / name).read_text("utf-8")


# The W3C vc-di-eddsa test vector (TestVectors/eddsa-rdfc-2022), byte for byte.


@pytest.fixture
def vector_loader():
    return loader.document_loader(
        {EXAMPLES_V2: json.loads(vector("credentials-examples-v2.jsonld"))}
    )


def test_the_vector_key_pair_decodes_to_its_multikey():
    pair = json.loads(vector("keyPair.json"))
    private_key = keys.private_key_from_multibase(pair["privateKeyMultibase"])
    assert (
        keys.public_key_multibase(private_key.public_key())
        == pair["publicKeyMultibase"]
    )


def test_canonical_forms_and_hashes_match_the_vector(vector_loader):
    unsigned = json.loads(vector("unsigned.json"))
    config = json.loads(vector("proofConfigDataInt.json"))
    canonical_document = proof.canonicalize(unsigned, loader=vector_loader)
    canonical_config = proof.canonicalize(config, loader=vector_loader)
    assert canonical_document == vector("canonDocDataInt.txt")
    assert canonical_config == vector("proofCanonDataInt.txt")
    assert hashlib.sha256(canonical_document.encode()).hexdigest() == vector(
        "docHashDataInt.txt"
    )
    assert hashlib.sha256(canonical_config.encode()).hexdigest() == vector(
        "proofHashDataInt.txt"
    )
    combined = proof.hash_data(unsigned, config, loader=vector_loader)
    assert combined.hex() == vector("combinedHashDataInt.txt")


def test_signer_reproduces_the_vector_signed_credential(vector_loader):
    pair = json.loads(vector("keyPair.json"))
    config = json.loads(vector("proofConfigDataInt.json"))
    signed = proof.create_proof(
        json.loads(vector("unsigned.json")),
        private_key=keys.private_key_from_multibase(pair["privateKeyMultibase"]),
        verification_method=config["verificationMethod"],
        created=datetime.fromisoformat(config["created"]),
        loader=vector_loader,
    )
    value = signed["proof"]["proofValue"]
    assert value == vector("sigBTC58DataInt.txt")
    assert multibase.decode(value).hex() == vector("sigHexDataInt.txt")
    assert json.dumps(signed, indent=2) == vector("signedDataInt.json")


def test_the_vector_verifies_and_fails_once_altered(vector_loader):
    signed = json.loads(vector("signedDataInt.json"))
    public_key = keys.public_key_from_multibase(
        json.loads(vector("keyPair.json"))["publicKeyMultibase"]
    )
    assert proof.verify_proof(
        signed, public_key_for=lambda _method: public_key, loader=vector_loader
    )
    signed["credentialSubject"]["alumniOf"] = "The School of Counterfeits"
    assert not proof.verify_proof(
        signed, public_key_for=lambda _method: public_key, loader=vector_loader
    )


# Our credentials.


def test_issued_credential_is_an_open_badge_signed_by_the_site(credential, settings):
    assert credential["@context"] == [loader.VC_V2, loader.OB_V3P0]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:127.0.0.1%3A8000"
    assert (
        credential["validFrom"].endswith("Z")
        and credential["validUntil"] > credential["validFrom"]
    )
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "政务新媒体安全管理"
    assert achievement["creditsAvailable"] == 2
    assert credential["credentialSubject"]["result"][0]["value"] == "92"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["proof"]["verificationMethod"] == "did:web:127.0.0.1%3A8000#key-1"
    assert proof.verify(credential)


def test_holder_is_named_but_employee_id_and_department_stay_out(credential):
    identities = {
        item["identityType"]: item
        for item in credential["credentialSubject"]["identifier"]
    }
    assert identities["name"]["identityHash"] == "张晓明"
    employee = identities["ext:employeeId"]
    assert employee["hashed"] is True
    assert employee["identityHash"] == badge.identity_hash("D0001", employee["salt"])
    text = json.dumps(credential, ensure_ascii=False)
    assert "D0001" not in text and "办公室" not in text


def test_same_certificate_gives_the_same_credential(site_key):
    arguments = credential_arguments()
    assert badge.issue(**arguments) == badge.issue(**arguments)


def test_credential_without_score_or_expiry(site_key):
    credential = badge.issue(
        **credential_arguments(score=None, valid_until=None, credit_hours="1.5")
    )
    assert "validUntil" not in credential
    assert "result" not in credential["credentialSubject"]
    assert credential["credentialSubject"]["creditsEarned"] == 1.5
    assert proof.verify(credential)


def test_english_certificate_is_written_in_english(site_key):
    credential = badge.issue(**credential_arguments(language="en"))
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Security of government new media"
    assert achievement["inLanguage"] == "en"
    assert (
        credential["name"]
        == "Certificate of completion: Security of government new media"
    )


def _rename(credential):
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "张晓"


def _raise_score(credential):
    credential["credentialSubject"]["result"][0]["value"] = "100"


def _extend_validity(credential):
    credential["validUntil"] = "2099-01-01T00:00:00Z"


def _drop_status(credential):
    del credential["credentialStatus"]


def _flip_signature_bit(credential):
    signature = bytearray(multibase.decode(credential["proof"]["proofValue"]))
    signature[10] ^= 1
    credential["proof"]["proofValue"] = multibase.encode_base58btc(bytes(signature))


@pytest.mark.parametrize(
    "tamper",
    [_rename, _raise_score, _extend_validity, _drop_status, _flip_signature_bit],
)
def test_tampered_credential_fails_verification(credential, tamper):
    altered = copy.deepcopy(credential)
    tamper(altered)
    assert not proof.verify(altered)


def test_credential_signed_with_another_key_fails(credential):
    forged = proof.create_proof(
        {key: value for key, value in credential.items() if key != "proof"},
        private_key=Ed25519PrivateKey.generate(),
        verification_method=keys.verification_method_id(),
        created=datetime.now(UTC),
    )
    assert not proof.verify(forged)


def test_credential_naming_another_issuer_fails(credential, settings):
    settings.SITE_BASE_URL = "https://training.example.gov.cn"
    assert not proof.verify(credential)


def test_signing_refuses_terms_no_context_defines(site_key):
    # JSON-LD drops them: they would go unsigned, and strict verifiers refuse them.
    document = badge.build_credential(**credential_arguments())
    document["credentialSubject"]["favouriteColour"] = "red"
    with pytest.raises(proof.ProofError, match="no context defines.*: favouriteColour"):
        proof.sign(document)
    document = badge.build_credential(**credential_arguments())
    document["credentialSubject"]["achievement"]["type"] = ["Achievement", "Seal"]
    with pytest.raises(proof.ProofError, match="no context defines.*: Seal"):
        proof.sign(document)
    document = badge.build_credential(
        **credential_arguments() | {"credential_id": "verify/K7Q2/"}
    )
    with pytest.raises(proof.ProofError, match="relative IRIs: verify/K7Q2/"):
        proof.sign(document)


def test_signing_refuses_a_signed_document(credential):
    with pytest.raises(proof.ProofError, match="without a proof"):
        proof.sign(credential)


def test_signing_refuses_control_characters(site_key):
    document = badge.build_credential(**credential_arguments(holder_name="张\x08晓明"))
    with pytest.raises(proof.ProofError, match="control characters"):
        proof.sign(document)


def test_signing_refuses_a_naive_datetime(site_key):
    with pytest.raises(ValueError, match="naive"):
        badge.issue(**credential_arguments(issued=datetime(2026, 12, 1, 9, 0)))


# Contexts: pinned, and nothing from the network.


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_unknown_context_is_refused_without_network(no_network, credential):
    document = {
        "@context": [loader.VC_V2, "https://contexts.example.com/badges/v1"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:127.0.0.1%3A8000",
        "credentialSubject": {"id": "did:example:holder"},
    }
    with pytest.raises(proof.ProofError) as refused:
        proof.canonicalize(document)
    assert "contexts.example.com" in str(refused.value)
    with pytest.raises(loader.UnknownDocumentError):
        loader.load_document("https://contexts.example.com/badges/v1")
    smuggled = {
        **credential,
        "@context": [*credential["@context"], "https://contexts.example.com/badges/v1"],
    }
    assert not proof.verify(smuggled)
    assert no_network == []


def test_a_context_served_to_one_loader_is_not_served_by_the_strict_one(vector_loader):
    unsigned = json.loads(vector("unsigned.json"))
    proof.canonicalize(unsigned, loader=vector_loader)
    with pytest.raises(proof.ProofError):
        proof.canonicalize(unsigned)


def test_pinned_contexts_are_the_files_the_readme_records():
    readme = (loader.CONTEXTS_DIR / "README.md").read_text("utf-8")
    recorded = dict(
        re.findall(r"`([\w.-]+\.json(?:ld)?)`[^\n]*?`([0-9a-f]{64})`", readme)
    )
    assert set(recorded) == set(loader.PINNED_CONTEXTS.values())
    for name, digest in recorded.items():
        assert (
            hashlib.sha256((loader.CONTEXTS_DIR / name).read_bytes()).hexdigest()
            == digest
        )


# Keys and the DID document.


def test_ensure_vc_key_creates_a_private_key_once(settings, tmp_path):
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_VC_KEY = ""
    path = keys.ensure_vc_key()
    first = path.read_bytes()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keys.ensure_vc_key() == path and path.read_bytes() == first
    assert list(path.parent.iterdir()) == [path]


def test_a_configured_key_that_is_missing_is_not_replaced(settings, tmp_path):
    settings.CERTIFICATE_VC_KEY = str(tmp_path / "issuer.pem")
    with pytest.raises(ImproperlyConfigured, match="issuer.pem"):
        keys.ensure_vc_key()
    assert not (tmp_path / "issuer.pem").exists()


@pytest.mark.parametrize(
    ("base_url", "did", "path"),
    [
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000", "/.well-known/did.json"),
        (
            "https://px.rsj.example.gov.cn",
            "did:web:px.rsj.example.gov.cn",
            "/.well-known/did.json",
        ),
        ("https://example.gov.cn/lms/", "did:web:example.gov.cn:lms", "/lms/did.json"),
    ],
)
def test_issuer_did_is_the_did_web_of_the_site(base_url, did, path):
    assert keys.issuer_did(base_url) == did
    assert keys.did_document_path(base_url) == path


def test_did_document_publishes_the_signing_key(site_key):
    document = keys.did_document()
    assert document["id"] == "did:web:127.0.0.1%3A8000"
    (method,) = document["verificationMethod"]
    assert (
        method["id"] == document["assertionMethod"][0] == keys.verification_method_id()
    )
    assert method["type"] == "Multikey" and method["controller"] == document["id"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    published = keys.public_key_from_multibase(method["publicKeyMultibase"])
    assert published == keys.load_private_key().public_key()
    proof.canonicalize(document)  # its contexts are pinned too


# The status list.


def test_status_list_bit_zero_is_the_leftmost_bit_of_the_first_byte():
    encoded = status_list.encode_list([0, 9, 131071])
    bits = gzip.decompress(multibase.decode(encoded))
    assert len(bits) == 16384
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 0b0000_0001
    assert sum(bin(byte).count("1") for byte in bits) == 3
    assert encoded.startswith("u") and "=" not in encoded


def test_revoking_flips_the_credentials_bit(site_key):
    before = status_list.status_list_credential(LIST_URL, [])
    after = status_list.status_list_credential(LIST_URL, [3, 7])
    assert not status_list.is_revoked(before, 7)
    assert status_list.is_revoked(after, 7) and status_list.is_revoked(after, 3)
    assert not status_list.is_revoked(after, 6) and not status_list.is_revoked(after, 8)
    assert after["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert after["credentialSubject"]["statusPurpose"] == "revocation"
    assert proof.verify(after)


def test_status_entry_points_at_its_bit():
    entry = status_list.status_entry(42, LIST_URL)
    assert entry == {
        "id": f"{LIST_URL}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": LIST_URL,
    }


def test_status_list_refuses_what_the_specification_does():
    with pytest.raises(status_list.StatusListError):
        status_list.encode_list([], size=1024)  # below the 131,072-bit minimum
    with pytest.raises(status_list.StatusListError):
        status_list.encode_list([131072])
    listed = {
        "credentialSubject": {
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
        }
    }
    listed["credentialSubject"]["encodedList"] = status_list.encode_list([])
    with pytest.raises(status_list.StatusListError):
        status_list.is_revoked(listed, 131072)
    listed["credentialSubject"]["encodedList"] = "uNotGzip"
    with pytest.raises(status_list.StatusListError):
        status_list.is_revoked(listed, 0)


# Baking.


def test_baked_badge_carries_the_credential(credential):
    png = baking.baked_badge(credential)
    assert baking.unbake(png) == credential
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (512, 512)
    chunk = _credential_chunks(png)
    assert len(chunk) == 1 and chunk[0][len(baking.KEYWORD) + 1] == 0  # not compressed


def test_baking_again_replaces_the_credential(credential, site_key):
    other = badge.issue(**credential_arguments(index=8))
    png = baking.bake(baking.baked_badge(credential), other)
    assert baking.unbake(png) == other
    assert len(_credential_chunks(png)) == 1


def test_unbake_refuses_what_carries_no_credential(credential):
    plain = io.BytesIO()
    Image.new("RGB", (4, 4)).save(plain, format="PNG")
    with pytest.raises(baking.BakingError):
        baking.unbake(plain.getvalue())
    with pytest.raises(baking.BakingError):
        baking.unbake(b"GIF89a")
    corrupt = bytearray(baking.baked_badge(credential))
    corrupt[60] ^= 0xFF
    with pytest.raises(baking.BakingError):
        baking.unbake(bytes(corrupt))


def _credential_chunks(png: bytes) -> list[bytes]:
    found, position = [], 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        data = png[position + 8 : position + 8 + length]
        if kind == b"iTXt" and data.startswith(baking.KEYWORD + b"\0"):
            found.append(data)
        position += 12 + length
    return found
