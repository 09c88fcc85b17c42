"""The JSON-LD document loader: the pinned contexts, and nothing from the network.

What a Data Integrity signature covers is the RDF that the JSON expands to
through its contexts, so a context fetched at signing or verification time
could change what is signed (and would make every verification a request to a
third party). The contexts are therefore files in ``contexts/`` (their sources
and SHA-256 are in ``contexts/README.md``), and any other URL is refused.
"""

import copy
import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
DID_V1 = "https://www.w3.org/ns/did/v1"

PINNED_CONTEXTS = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3P0: "ob-v3p0-context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    DID_V1: "did-v1.jsonld",
}

DocumentLoader = Callable[[str, dict | None], dict]


class UnknownDocumentError(LookupError):
    """A JSON-LD document was asked for that is not pinned here."""


@cache
def _pinned(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / PINNED_CONTEXTS[url]).read_text("utf-8"))


def pinned_context(url: str) -> dict:
    """Return a copy of the pinned context document at ``url``."""
    if url not in PINNED_CONTEXTS:
        raise UnknownDocumentError(f"no pinned JSON-LD document for {url!r}")
    return copy.deepcopy(_pinned(url))


def document_loader(extra: Mapping[str, dict] | None = None) -> DocumentLoader:
    """Return a pyld document loader serving the pinned contexts (and ``extra``).

    ``extra`` maps further URLs to documents, for tests that reproduce the
    specification's examples with their example contexts. Any other URL raises
    ``UnknownDocumentError``; nothing is ever fetched.
    """
    documents = dict(extra or {})

    def load(url: str, options: dict | None = None) -> dict:
        if url in documents:
            document = copy.deepcopy(documents[url])
        else:
            document = pinned_context(url)
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


load_document = document_loader()
