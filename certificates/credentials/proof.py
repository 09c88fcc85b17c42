"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa).

The algorithm of https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022, step by
step: the document without its proof and the proof options without their
``proofValue`` (given the document's ``@context``) are each canonicalised
with RDFC-1.0 (pyld's URDNA2015, the same algorithm) and hashed with SHA-256;
the Ed25519 signature over proofConfigHash + transformedDocumentHash is the
``proofValue``, in multibase base58btc.
"""

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

from . import keys, multibase
from .loader import DocumentLoader, load_document

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"

# Canonicalisation is exponential on crafted graphs of look-alike blank
# nodes (RDFC-1.0 section 4.1, "poison graphs"); our credentials hold about
# ten blank nodes, so anything far larger is refused before it is attempted.
MAX_BLANK_NODES = 200

# pyld escapes only \t \n \r " and \ in N-Quads literals, the URDNA2015 rule;
# RDFC-1.0 also writes the other control characters as \b, \f or \uXXXX.
# Strings holding them would canonicalise differently here and in other
# implementations, so they are refused.
_UNPORTABLE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A term that no context defines, and a relative IRI, are dropped by JSON-LD
# expansion, so they would go unsigned (and verifiers in "safe mode" refuse the
# whole document). To find them before signing, the document is expanded once
# more with this vocabulary (VC 2.0's for undefined terms, section 5.2) and a
# base under its own contexts.
ISSUER_DEPENDENT_VOCAB = "https://www.w3.org/ns/credentials/issuer-dependent#"
PROBE_BASE = "https://relative-iri.invalid/"

XSD_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class ProofError(ValueError):
    """A document cannot be canonicalised, signed or checked as asked."""


def xsd_datetime(moment: datetime) -> str:
    """Return an aware datetime as an XML Schema dateTime in UTC, to the second."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place in a credential")
    return moment.astimezone(UTC).strftime(XSD_DATETIME_FORMAT)


def canonicalize(document: dict, *, loader: DocumentLoader = load_document) -> str:
    """Return the RDFC-1.0 canonical N-Quads of a JSON-LD document.

    Contexts come only from ``loader``. Raise ProofError for a document that
    does not expand (an unknown context among them), that holds unportable
    control characters, or that has too many blank nodes.
    """
    dataset = _dataset(document, loader)
    if _blank_node_count(dataset) > MAX_BLANK_NODES:
        raise ProofError("the document has too many blank nodes to canonicalise")
    return URDNA2015().main(dataset, {"format": "application/n-quads"})


def _dataset(document: dict, loader: DocumentLoader, base: str | None = None) -> dict:
    _refuse_unportable_strings(document)
    # A resolver of its own per call: pyld's default one caches contexts
    # across loaders, so a context once served to a test's loader would be
    # served again to the strict one.
    options = {
        "documentLoader": loader,
        "contextResolver": ContextResolver({}, loader),
        # No base by default: pyld would otherwise resolve relative IRIs
        # against http://example.org/base/, which other implementations do not.
        "base": base,
    }
    try:
        return jsonld.to_rdf(document, options)
    except jsonld.JsonLdError as error:
        raise ProofError(
            f"the document does not expand: {_root_cause(error)}"
        ) from error


def proof_configuration(document: dict, proof_options: dict) -> dict:
    """Return the proof configuration: the options in the document's ``@context``."""
    config = {key: value for key, value in proof_options.items() if key != "proofValue"}
    config["@context"] = document["@context"]
    return config


def hash_data(
    document: dict, proof_options: dict, *, loader: DocumentLoader = load_document
) -> bytes:
    """Return proofConfigHash + transformedDocumentHash (vc-di-eddsa, "Hashing")."""
    config = proof_configuration(document, proof_options)
    config_hash = hashlib.sha256(canonicalize(config, loader=loader).encode())
    document_hash = hashlib.sha256(canonicalize(document, loader=loader).encode())
    return config_hash.digest() + document_hash.digest()


def create_proof(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    loader: DocumentLoader = load_document,
) -> dict:
    """Return a copy of ``document`` with an eddsa-rdfc-2022 proof by ``private_key``.

    Raise ProofError if the document already has a proof (proof sets are not
    made here), uses a term no context defines, or cannot be canonicalised.
    """
    if "proof" in document or "@context" not in document:
        raise ProofError("only a JSON-LD document without a proof can be signed")
    _refuse_undefined_terms(document, loader)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(hash_data(document, options, loader=loader))
    return {
        **document,
        "proof": {**options, "proofValue": multibase.encode_base58btc(signature)},
    }


def verify_proof(
    document: dict,
    *,
    public_key_for: Callable[[str], Ed25519PublicKey | None],
    loader: DocumentLoader = load_document,
) -> bool:
    """Return whether ``document`` carries a valid eddsa-rdfc-2022 assertion proof.

    ``public_key_for`` maps the proof's verification method to its key, or to
    None for a method it does not trust. Only the proof is checked: validity
    dates and status are the caller's to read.
    """
    proof = document.get("proof")
    if not _is_our_kind_of_proof(proof, document):
        return False
    public_key = public_key_for(proof.get("verificationMethod"))
    value = proof.get("proofValue")
    if public_key is None or not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        signature = multibase.decode(value)
        unsecured = {key: item for key, item in document.items() if key != "proof"}
        public_key.verify(signature, hash_data(unsecured, proof, loader=loader))
    except (ValueError, InvalidSignature):  # ProofError is a ValueError
        return False
    return True


def sign(document: dict, *, created: datetime | None = None) -> dict:
    """Return ``document`` signed with the site's credential key (``keys``).

    ``created`` (default: now) is the proof's creation time.
    """
    return create_proof(
        document,
        private_key=keys.load_private_key(),
        verification_method=keys.verification_method_id(),
        created=created or datetime.now(UTC),
    )


def verify(document: dict) -> bool:
    """Return whether ``document`` was issued and signed by this site's key.

    The issuer must be this site's DID and the proof must be by its key;
    expiry (``validUntil``) and revocation (the status list) are not checked.
    """
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != keys.issuer_did():
        return False
    method_id = keys.verification_method_id()
    public_key = keys.load_private_key().public_key()
    return verify_proof(
        document,
        public_key_for=lambda method: public_key if method == method_id else None,
    )


def _is_our_kind_of_proof(proof: object, document: dict) -> bool:
    if not isinstance(proof, dict) or "@context" not in document:
        return False
    if (proof.get("type"), proof.get("cryptosuite"), proof.get("proofPurpose")) != (
        PROOF_TYPE,
        CRYPTOSUITE,
        PROOF_PURPOSE,
    ):
        return False
    created = proof.get("created")
    if created is not None:
        try:
            datetime.fromisoformat(created)
        except (TypeError, ValueError):
            return False
    return True


def _refuse_undefined_terms(document: dict, loader: DocumentLoader) -> None:
    # With a default vocabulary added, the terms that were dropped come back
    # as statements: more statements means some term has no definition.
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    probe = {**document, "@context": [*contexts, {"@vocab": ISSUER_DEPENDENT_VOCAB}]}
    probed = _dataset(probe, loader, base=PROBE_BASE)
    if _statement_count(probed) > _statement_count(_dataset(document, loader)):
        names = sorted(
            {
                triple[part]["value"].removeprefix(prefix)
                for triples in probed.values()
                for triple in triples
                for part in ("subject", "predicate", "object")
                for prefix in (ISSUER_DEPENDENT_VOCAB, PROBE_BASE)
                if triple[part]["value"].startswith(prefix)
            }
        )
        raise ProofError(
            "the document uses terms that no context defines or relative IRIs: "
            + ", ".join(names)
        )


def _statement_count(dataset: dict) -> int:
    return sum(len(triples) for triples in dataset.values())


def _root_cause(error: BaseException) -> BaseException:
    while error.__cause__ is not None:
        error = error.__cause__
    return error


def _refuse_unportable_strings(value: object) -> None:
    if isinstance(value, str):
        if _UNPORTABLE_CHARACTERS.search(value):
            raise ProofError("control characters cannot be canonicalised portably")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unportable_strings(key)
            _refuse_unportable_strings(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_unportable_strings(item)


def _blank_node_count(dataset: dict) -> int:
    labels = set()
    for triples in dataset.values():
        for triple in triples:
            for position in ("subject", "object"):
                if triple[position]["type"] == "blank node":
                    labels.add(triple[position]["value"])
    return len(labels)
