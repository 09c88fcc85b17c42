"""Tests for xapi.validation: golden Statements plus focused rule tests.

Golden files live in ``golden/valid`` and ``golden/invalid``; each holds the
xAPI version it applies to ("1.0.3", "2.0.0" or "both"), the Statement and,
for invalid ones, the path the error must name. Invalid files are named for
the rule they break. No database is used.
"""

import base64
import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from xapi.validation import (
    XAPIValidationError,
    is_signed_statement,
    parse_timestamp,
    rsa,
    validate_activity_id,
    validate_agent,
    validate_language_map,
    validate_signature,
    validate_statement,
    validate_statements,
)
from xapi.validation.formats import is_duration, is_iri, is_language_tag

GOLDEN = Path(__file__).parent / "golden"
VERSIONS = ("1.0.3", "2.0.0")


def _golden_cases(kind: str) -> list:
    cases = []
    for path in sorted((GOLDEN / kind).glob("*.json")):
        data = json.loads(path.read_text())
        versions = VERSIONS if data["version"] == "both" else (data["version"],)
        for version in versions:
            cases.append(pytest.param(data, version, id=f"{path.stem}-{version}"))
    return cases


def _statement(**changes) -> dict:
    statement = {
        "actor": {"objectType": "Agent", "mbox": "mailto:xapi@adlnet.gov"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
        "object": {"id": "http://www.example.com/meetings/occurances/34534"},
    }
    statement.update(changes)
    return statement


def test_golden_corpus_is_large_enough():
    assert len(list((GOLDEN / "valid").glob("*.json"))) >= 40
    assert len(list((GOLDEN / "invalid").glob("*.json"))) >= 80


@pytest.mark.parametrize(("data", "version"), _golden_cases("valid"))
def test_valid_golden_statement_is_accepted_unchanged(data, version):
    original = copy.deepcopy(data["statement"])

    validate_statement(data["statement"], version)

    assert data["statement"] == original


@pytest.mark.parametrize(("data", "version"), _golden_cases("invalid"))
def test_invalid_golden_statement_is_rejected_at_its_path(data, version):
    original = copy.deepcopy(data["statement"])

    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(data["statement"], version)

    assert caught.value.path == data["path"]
    assert data["statement"] == original


def test_error_string_joins_path_and_message():
    assert str(XAPIValidationError("must be a UUID", "id")) == "id: must be a UUID"
    assert str(XAPIValidationError("no statements")) == "no statements"
    error = XAPIValidationError("bad", "verb.id")
    assert (error.message, error.path) == ("bad", "verb.id")
    assert isinstance(error, ValueError)


# Batches (Communication 2.1.2)


def test_validate_statements_wraps_a_single_statement_in_a_list():
    statement = _statement()

    assert validate_statements(statement, "1.0.3") == [statement]


def test_validate_statements_returns_the_batch():
    batch = [_statement(), _statement(id="fd41c918-b88b-4b20-a0a5-a4c32391aaa0")]

    assert validate_statements(batch, "2.0.0") is batch


def test_one_bad_statement_in_a_batch_is_named_by_its_index():
    batch = [_statement() for _ in range(5)]
    batch[3] = _statement(verb={"id": "attended"})

    with pytest.raises(XAPIValidationError) as caught:
        validate_statements(batch, "1.0.3")

    assert caught.value.path == "[3].verb.id"
    assert str(caught.value).startswith("[3].verb.id: ")


def test_a_batch_element_that_is_not_an_object_is_named_by_its_index():
    with pytest.raises(XAPIValidationError) as caught:
        validate_statements([_statement(), "statement"], "1.0.3")

    assert caught.value.path == "[1]"


def test_an_empty_batch_is_rejected():
    with pytest.raises(XAPIValidationError):
        validate_statements([], "1.0.3")


@pytest.mark.parametrize("body", ["statement", 3, None, True])
def test_a_body_that_is_neither_object_nor_array_is_rejected(body):
    with pytest.raises(XAPIValidationError):
        validate_statements(body, "2.0.0")


def test_a_batch_reusing_an_id_is_rejected_at_the_second_use():
    statement_id = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"
    batch = [_statement(id=statement_id), _statement(id=statement_id.upper())]

    with pytest.raises(XAPIValidationError) as caught:
        validate_statements(batch, "1.0.3")

    assert caught.value.path == "[1].id"


def test_in_batch_position_prefixes_the_path():
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(_statement(id="x"), "1.0.3", in_batch_position=7)

    assert caught.value.path == "[7].id"


# Version-specific rules


def test_context_agents_are_only_known_to_2_0_0():
    context = {
        "contextAgents": [
            {"objectType": "contextAgent", "agent": {"mbox": "mailto:a@example.com"}}
        ]
    }
    validate_statement(_statement(context=context), "2.0.0")

    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(_statement(context=context), "1.0.3")

    assert caught.value.path == "context.contextAgents"


@pytest.mark.parametrize(("version", "accepted"), [("1.0.3", False), ("2.0.0", True)])
def test_statement_version_2_0_follows_the_request_version(version, accepted):
    statement = _statement(version="2.0.1")
    if accepted:
        validate_statement(statement, version)
    else:
        with pytest.raises(XAPIValidationError):
            validate_statement(statement, version)


@pytest.mark.parametrize("header", ["1.0.0", "1.0.1", "1.0.3", "2.0.0"])
def test_every_supported_header_version_selects_a_rule_set(header):
    validate_statement(_statement(), header)


@pytest.mark.parametrize("header", ["0.95", "3.0.0", ""])
def test_an_unsupported_version_is_a_programming_error(header):
    with pytest.raises(ValueError) as caught:
        validate_statement(_statement(), header)

    assert not isinstance(caught.value, XAPIValidationError)


# Timestamps (Data 4.5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2008-09-15T15:53:00.601+00:00",
            datetime(2008, 9, 15, 15, 53, 0, 601000, UTC),
        ),
        ("2015-11-18T12:17:00Z", datetime(2015, 11, 18, 12, 17, tzinfo=UTC)),
        ("2023-05-04T12:00:00-05:00", datetime(2023, 5, 4, 17, tzinfo=UTC)),
        ("2023-05-04T12:00:00+0530", datetime(2023, 5, 4, 6, 30, tzinfo=UTC)),
        ("2023-05-04T12:00:00+01", datetime(2023, 5, 4, 11, tzinfo=UTC)),
        ("20130401T120000Z", datetime(2013, 4, 1, 12, tzinfo=UTC)),
        ("2013-04-01T12:00Z", datetime(2013, 4, 1, 12, tzinfo=UTC)),
        ("2013-04-01T12:00:00.1234567", datetime(2013, 4, 1, 12, 0, 0, 123456, UTC)),
        ("2013-04-01T12:00:00,5Z", datetime(2013, 4, 1, 12, 0, 0, 500000, UTC)),
    ],
)
def test_parse_timestamp_returns_an_aware_datetime(text, expected):
    parsed = parse_timestamp(text, "timestamp")

    assert parsed.tzinfo is not None
    assert parsed == expected


def test_parse_timestamp_keeps_the_offset():
    parsed = parse_timestamp("2023-05-04T12:00:00-05:00", "timestamp")

    assert parsed.utcoffset() == -timedelta(hours=5)
    assert parsed.tzinfo == timezone(-timedelta(hours=5))


@pytest.mark.parametrize(
    "text",
    [
        "should fail",
        "01/011/2015",
        "2008-09-15T15:53:00.601-00:00",
        "2008-09-15T15:53:00.601-0000",
        "2008-09-15T15:53:00.601-00",
        "2008-09-15 15:53:00Z",
        "2008-09-15",
        "2008-13-15T15:53:00Z",
        "2008-09-15T25:53:00Z",
        "2008-09-15T15:53:00+24:00",
        "2008-09-15T15:53:00.Z",
        "2008-0915T155300Z",
        "",
    ],
)
def test_parse_timestamp_rejects_what_is_not_iso_8601(text):
    with pytest.raises(XAPIValidationError) as caught:
        parse_timestamp(text, "context.statement.timestamp")

    assert caught.value.path == "context.statement.timestamp"


def test_parse_timestamp_rejects_non_strings():
    with pytest.raises(XAPIValidationError):
        parse_timestamp(1680350400, "since")


# Durations (Data 4.6), language tags (Data 4.2), IRIs (Data 4.3)


@pytest.mark.parametrize(
    "duration",
    [
        "PT1H0M0S",
        "P1D",
        "PT0.5S",
        "PT4H35M59.14S",
        "PT16559.14S",
        "P3Y1M29DT4H35M59.14S",
        "P3Y",
        "P4W",
        "P1DT12H36M0.12567S",
        "P0.5Y",
        "PT1,5S",
    ],
)
def test_iso_8601_durations_are_accepted(duration):
    assert is_duration(duration)


@pytest.mark.parametrize(
    "duration",
    [
        "PA1H0M0S",
        "P4W1D",
        "P",
        "PT",
        "P1DT",
        "1H",
        "PT1.5H30M",
        "P0003-01-29T04:35:59",
        "pt1h",
        "PT-1S",
        "should fail",
    ],
)
def test_malformed_durations_are_rejected(duration):
    assert not is_duration(duration)


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "en-US",
        "zh-Hans-CN",
        "zh-Hant",
        "und",
        "cmn",
        "ase",
        "sr-Latn-RS",
        "es-419",
        "de-CH-1996",
        "en-a-bbb-x-a-ccc",
        "x-private",
        "i-klingon",
        "EN-us",
    ],
)
def test_rfc_5646_language_tags_are_accepted(tag):
    assert is_language_tag(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "something",
        "a12345",
        "a12345678",
        "en-something-AU",
        "zh-z-aaa-z-bbb-c-ccc",
        "de-1996-1996",
        "en-",
        "-en",
        "en--US",
        "e",
        "en_US",
        "",
    ],
)
def test_malformed_language_tags_are_rejected(tag):
    assert not is_language_tag(tag)


@pytest.mark.parametrize(
    "iri",
    [
        "http://example.com/verbs/attended",
        "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
        "https://例え.テスト/パス",
        "tag:example.com,2024:a",
        "http://example.com/a%20b",
    ],
)
def test_absolute_iris_are_accepted(iri):
    assert is_iri(iri)


@pytest.mark.parametrize(
    "iri",
    ["attended", "ab=c://should.fail.com", "http://a b", "1http://x", ":x", "http:"],
)
def test_iris_without_a_scheme_or_with_bad_characters_are_rejected(iri):
    assert not is_iri(iri)


# Helpers used by the other resources


def test_validate_agent_accepts_agents_and_groups():
    validate_agent({"mbox": "mailto:a@example.com"}, "1.0.3")
    validate_agent(
        {"objectType": "Group", "member": [{"openid": "http://o/1"}]}, "2.0.0"
    )


def test_validate_agent_names_the_default_path():
    with pytest.raises(XAPIValidationError) as caught:
        validate_agent({"mbox": "a@example.com"}, "1.0.3")

    assert caught.value.path == "agent.mbox"


def test_validate_agent_requires_exactly_one_ifi():
    agent = {"mbox": "mailto:a@example.com", "openid": "http://o/1"}

    with pytest.raises(XAPIValidationError) as caught:
        validate_agent(agent, "1.0.3", "agent")

    assert caught.value.path == "agent"


def test_validate_agent_can_demand_an_identified_agent_or_group():
    anonymous = {"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]}

    with pytest.raises(XAPIValidationError):
        validate_agent(anonymous, "1.0.3", identified_only=True)
    validate_agent({"mbox": "mailto:a@example.com"}, "1.0.3", identified_only=True)


def test_validate_activity_id_requires_an_absolute_iri():
    validate_activity_id("http://www.example.com/meetings/occurances/34534")

    with pytest.raises(XAPIValidationError) as caught:
        validate_activity_id("www.example.com/meetings")

    assert caught.value.path == "activityId"


def test_validate_language_map_checks_tags_and_values():
    validate_language_map({"en-US": "attended", "de": "besucht"}, "display")

    with pytest.raises(XAPIValidationError) as caught:
        validate_language_map({"en-US": ["attended"]}, "display")

    assert caught.value.path == "display.en-US"


# Signed Statements (Data 2.6)

APPENDIX_D = json.loads(
    (GOLDEN / "valid" / "signed_statement_appendix_d.json").read_text()
)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _private_key() -> tuple[int, int]:
    """Return (modulus, private exponent) of the Appendix D example key."""
    lines = APPENDIX_D["private_key_pem"].splitlines()[1:-1]
    (_, key), *_ = rsa.der_children(base64.b64decode("".join(lines)))
    _version, modulus, _exponent, private = rsa.der_children(key)[:4]
    return int.from_bytes(modulus[1], "big"), int.from_bytes(private[1], "big")


_DIGESTS = {"RS256": hashlib.sha256, "RS384": hashlib.sha384, "RS512": hashlib.sha512}


def _sign(payload: dict | bytes, algorithm="RS256", *, x5c=True) -> bytes:
    """Build a JWS compact serialization as the conformance suite's helper does.

    The signature is RSASSA-PKCS1-v1_5 with the Appendix D key whatever the
    header says, so an "HS256" header yields a JWS that is wrong only there.
    """
    header = {"alg": algorithm, **({"x5c": APPENDIX_D["x5c"]} if x5c else {})}
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signing_input = f"{_b64url(json.dumps(header).encode())}.{_b64url(body)}"
    rs_algorithm = algorithm if algorithm in _DIGESTS else "RS256"
    digest = _DIGESTS[rs_algorithm](signing_input.encode()).digest()
    encoded = rsa._DIGEST_INFO[rs_algorithm][1] + digest
    modulus, private = _private_key()
    size = (modulus.bit_length() + 7) // 8
    padded = b"\x00\x01" + b"\xff" * (size - len(encoded) - 3) + b"\x00" + encoded
    signature = pow(int.from_bytes(padded, "big"), private, modulus)
    return f"{signing_input}.{_b64url(signature.to_bytes(size, 'big'))}".encode()


def _signed(statement: dict, jws: bytes, content_type="application/octet-stream"):
    """Return the received Statement and its parts, keyed by sha2."""
    sha2 = hashlib.sha256(jws).hexdigest()
    received = copy.deepcopy(statement)
    received.setdefault("attachments", []).append(
        {
            "usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en-US": "Signed by the Test Suite"},
            "contentType": content_type,
            "length": len(jws),
            "sha2": sha2,
        }
    )
    return received, {sha2: jws}


def _signed_statement(**changes) -> dict:
    return _statement(id="33cff416-e331-4c9d-969e-5373a1756120", **changes)


def test_the_specification_example_signature_verifies():
    statement = APPENDIX_D["statement"]
    sha2 = statement["attachments"][0]["sha2"]

    assert is_signed_statement(statement)
    validate_signature(statement, {sha2: APPENDIX_D["jws"].encode()})


def test_a_statement_without_signature_attachment_is_not_signed():
    assert not is_signed_statement(_statement())
    assert not is_signed_statement(_statement(attachments=[]))
    assert not is_signed_statement("statement")


@pytest.mark.parametrize("algorithm", ["RS256", "RS384", "RS512"])
def test_rs_algorithms_are_accepted(algorithm):
    statement = _signed_statement()
    received, parts = _signed(statement, _sign(statement, algorithm))

    validate_statement(received, "2.0.0")
    validate_signature(received, parts)


def test_a_signature_without_certificate_is_checked_for_structure_only():
    statement = _signed_statement()
    received, parts = _signed(statement, _sign(statement, x5c=False))

    validate_signature(received, parts)


def test_another_algorithm_is_rejected():
    statement = _signed_statement()
    received, parts = _signed(statement, _sign(statement, "HS256", x5c=False))

    with pytest.raises(XAPIValidationError) as caught:
        validate_signature(received, parts)

    assert caught.value.path == "attachments[0]"


def test_a_payload_that_is_not_json_is_rejected():
    statement = _signed_statement()
    broken = json.dumps(statement).replace('"', "'", 1).encode()
    received, parts = _signed(statement, _sign(broken))

    with pytest.raises(XAPIValidationError):
        validate_signature(received, parts)


@pytest.mark.parametrize("data", [b"not a jws", b"a.b", "é.é.é".encode(), b""])
def test_data_that_is_not_a_jws_is_rejected(data):
    received, parts = _signed(_signed_statement(), data)

    with pytest.raises(XAPIValidationError):
        validate_signature(received, parts)


def test_a_signature_with_another_content_type_is_rejected():
    statement = _signed_statement()
    received, parts = _signed(statement, _sign(statement), "text/plain; charset=ascii")

    with pytest.raises(XAPIValidationError) as caught:
        validate_signature(received, parts)

    assert caught.value.path == "attachments[0].contentType"


def test_a_missing_signature_part_is_rejected():
    statement = _signed_statement()
    received, _parts = _signed(statement, _sign(statement))

    with pytest.raises(XAPIValidationError) as caught:
        validate_signature(received, {})

    assert caught.value.path == "attachments[0].sha2"


def test_a_statement_changed_after_signing_is_rejected():
    statement = _signed_statement()
    jws = _sign(statement)
    received, parts = _signed(_signed_statement(result={"success": True}), jws)

    with pytest.raises(XAPIValidationError):
        validate_signature(received, parts)


def test_a_signature_not_matching_its_certificate_is_rejected():
    statement = _signed_statement()
    head, payload, signature = _sign(statement).split(b".")
    other = _sign(_signed_statement(result={"success": True})).split(b".")[2]
    received, parts = _signed(statement, b".".join((head, payload, other)))

    with pytest.raises(XAPIValidationError) as caught:
        validate_signature(received, parts)

    assert "x5c" in caught.value.message


def test_lrs_assigned_properties_and_serialisation_differences_are_ignored():
    signed = _statement(
        timestamp="2013-04-01T12:00:00Z",
        result={"duration": "P1DT12H36M0.12S"},
        actor={
            "objectType": "Group",
            "member": [
                {"mbox": "mailto:a@example.com"},
                {"mbox": "mailto:b@example.com"},
            ],
        },
    )
    received = copy.deepcopy(signed)
    received.update(
        id="33cff416-e331-4c9d-969e-5373a1756120",
        timestamp="2013-04-01T14:00:00+02:00",
        stored="2013-04-01T12:00:01Z",
        version="1.0.3",
        authority={"mbox": "mailto:lrs@example.com"},
        result={"duration": "P1DT12H36M0.1237S"},
    )
    received["actor"]["member"].reverse()
    received, parts = _signed(received, _sign(signed))

    validate_signature(received, parts)
    assert received["result"]["duration"] == "P1DT12H36M0.1237S"


def test_validate_signature_does_not_modify_the_statement():
    statement = _signed_statement(
        actor={
            "objectType": "Group",
            "member": [{"openid": "http://o/b"}, {"openid": "http://o/a"}],
        }
    )
    received, parts = _signed(statement, _sign(statement))
    original = copy.deepcopy(received)

    validate_signature(received, parts)

    assert received == original
