"""common.jsonsafe: JSON from requests, refused before it can crash the server."""

import json
import random
import sys

import pytest

from common import jsonsafe


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [101, 900, sys.getrecursionlimit() * 3, 1_000_000])
def test_nesting_past_the_limit_is_a_value_error(depth):
    with pytest.raises(jsonsafe.TooDeep):
        jsonsafe.loads(nested(depth))
    assert issubclass(jsonsafe.TooDeep, ValueError)


def test_nesting_up_to_the_limit_parses():
    value = jsonsafe.loads(nested(100))
    assert value == json.loads(nested(100))
    assert jsonsafe.loads(b'{"a": [[{}]]}', max_depth=4) == {"a": [[{}]]}
    with pytest.raises(jsonsafe.TooDeep):
        jsonsafe.loads(b'{"a": [[{}]]}', max_depth=3)


@pytest.mark.parametrize(
    "text",
    [
        '["[[[[[[", "{{{{{{"]',
        '["\\"[[[[", "\\\\", "]]]]"]',
        '[{"[[[[": "{{{{"}, "\\\\\\"[["]',
        '["a""[[[[[[", 1]',
    ],
)
def test_brackets_inside_strings_do_not_count(text):
    try:
        expected = json.loads(text)
    except ValueError:
        with pytest.raises(ValueError):
            jsonsafe.loads(text, max_depth=2)
        return
    assert jsonsafe.loads(text, max_depth=2) == expected


@pytest.mark.parametrize(
    "text",
    ["[NaN]", "[Infinity]", "[-Infinity]", "[1e999]", '["\\ud800"]', '["\\udfff x"]'],
)
def test_what_json_forbids_or_no_database_stores_is_a_value_error(text):
    with pytest.raises(ValueError):
        jsonsafe.loads(text)


def test_bytes_must_be_utf8_and_valid_text_parses_as_json_loads_does():
    with pytest.raises(ValueError):
        jsonsafe.loads(b"\xff[]")
    with pytest.raises(ValueError):
        jsonsafe.loads('["a" "b"]')
    text = '{"名": "王小明", "e": "\\ud83d\\ude00", "n": [1, 2.5, -3e10, true, null]}'
    assert jsonsafe.loads(text) == json.loads(text)
    assert jsonsafe.loads(text.encode()) == json.loads(text)
    assert jsonsafe.loads(memoryview(b"[1]")) == [1]


def _depth(value) -> int:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return 1 + max((_depth(child) for child in value), default=0)
    return 0


def _random_value(rng, levels: int):
    if levels == 0 or rng.random() < 0.2:
        return rng.choice(['["]{', 1, 'x\\"', None, '\\\\"[', "中[文", 2.5])
    children = [_random_value(rng, levels - 1) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.5:
        return children
    return {
        rng.choice(["a", "[{", "\\", '"']) + str(i): c for i, c in enumerate(children)
    }


def test_the_depth_count_agrees_with_the_parsed_value():
    rng = random.Random(11)
    for _ in range(2_000):
        value = _random_value(rng, rng.randint(0, 10))
        raw = json.dumps(value, ensure_ascii=rng.random() < 0.5).encode()
        depth = _depth(value)
        for limit in range(12):
            assert jsonsafe.depth_exceeds(raw, limit) == (depth > limit), raw


@pytest.mark.parametrize(
    "text",
    [
        "[18446744073709551616]",  # 2**64: orjson would read a float
        "[-9223372036854775809]",
        '{"raw": 123456789012345678901234567890}',
        '["\\udc00"]',  # a lone low surrogate: orjson refuses, json reads it
        "\ufeff[1]",
    ],
)
def test_what_the_fast_parser_cannot_read_exactly_is_read_as_json_loads_does(text):
    try:
        expected = json.loads(text)
    except ValueError:
        expected = ValueError
    try:
        value = jsonsafe.loads(text.encode("utf-8", "surrogatepass"))
    except ValueError:
        value = ValueError
    if expected is not ValueError and "\\udc00" in text:
        expected = ValueError  # no database stores a lone surrogate
    assert value == expected
    if isinstance(value, dict):
        assert type(value["raw"]) is int


def test_dumps_writes_what_json_dumps_writes():
    rng = random.Random(5)
    for _ in range(500):
        value = _random_value(rng, rng.randint(0, 6))
        assert json.loads(jsonsafe.dumps(value)) == value
    big = {"n": 2**70, "名": "王"}
    assert jsonsafe.dumps(big) == json.dumps(big, ensure_ascii=False)
    assert "王" in jsonsafe.dumps({"name": "王"})
