"""Where a package's files go in storage, and the limits on unpacking: pure."""

import pytest

from packages import unpacking


def test_default_limits_are_five_thousand_files_and_500_mb():
    assert (unpacking.max_files(), unpacking.max_bytes()) == (5000, 500 * 1024 * 1024)


@pytest.mark.parametrize(
    "path", ["", "../other/index.html", "a/../../b", "./index.html", "a//b", "a\\b"]
)
def test_member_name_refuses_paths_leaving_the_package(path):
    assert unpacking.member_name("abc", path) is None


def test_member_name_is_inside_the_package_folder():
    assert (
        unpacking.member_name("abc", "media/intro.vtt")
        == "packages/abc/media/intro.vtt"
    )
