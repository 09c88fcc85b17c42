"""Byte ranges for package files: pure, no database."""

import pytest

from packages.ranges import parse_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
    ],
)
def test_single_ranges_are_resolved_against_the_file_size(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["", "bytes=0-1,5-9", "items=0-1", "bytes=-"])
def test_headers_it_does_not_serve_mean_the_whole_file(header):
    assert parse_range(header, 1000) is None


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5-2", "bytes=-0"])
def test_ranges_outside_the_file_are_refused(header):
    with pytest.raises(ValueError):
        parse_range(header, 1000)
