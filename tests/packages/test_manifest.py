"""Reading package manifests: pure, no database."""

import io

import pytest

from packages.exceptions import PackageError
from packages.manifest import CMI5, TINCAN, Manifest, read_manifest

from .zips import (
    ACTIVITY_ID,
    AU_ID,
    INDEX_HTML,
    cmi5_xml,
    cmi5_zip,
    make_zip,
    tincan_xml,
    tincan_zip,
)


def _refused(file) -> str:
    with pytest.raises(PackageError) as raised:
        read_manifest(file)
    return raised.value.message


def test_tincan_manifest_takes_the_first_activity_with_a_launch():
    assert read_manifest(tincan_zip()) == Manifest(
        kind=TINCAN,
        activity_id=ACTIVITY_ID,
        launch_path="index.html",
        title="识别钓鱼邮件",
    )


def test_cmi5_manifest_takes_the_first_au_in_a_single_top_level_folder():
    assert read_manifest(cmi5_zip()) == Manifest(
        kind=CMI5,
        activity_id=AU_ID,
        launch_path="course/index.html",
        title="识别钓鱼邮件",
        au_id=AU_ID,
        move_on="CompletedOrPassed",
    )


def test_cmi5_move_on_defaults_to_not_applicable():
    xml = cmi5_xml().replace(b' moveOn="CompletedOrPassed"', b"")
    package = make_zip({"cmi5.xml": xml, "index.html": INDEX_HTML})
    assert read_manifest(package).move_on == "NotApplicable"


def test_unknown_move_on_is_refused():
    xml = cmi5_xml(move_on="Whenever")
    package = make_zip({"cmi5.xml": xml, "index.html": INDEX_HTML})
    assert "moveOn" in _refused(package)


def test_launch_query_string_is_kept_and_path_is_decoded():
    package = make_zip(
        {
            "tincan.xml": tincan_xml(launch="story%20html5.html?lang=zh"),
            "story html5.html": INDEX_HTML,
        }
    )
    assert read_manifest(package).launch_path == "story html5.html?lang=zh"


def test_macos_metadata_folder_does_not_hide_the_package_folder():
    package = make_zip(
        {
            "course/tincan.xml": tincan_xml(),
            "course/index.html": INDEX_HTML,
            "__MACOSX/course/._index.html": b"",
        }
    )
    assert read_manifest(package).launch_path == "course/index.html"


def test_file_is_rewound_for_whoever_reads_it_next():
    package = tincan_zip()
    read_manifest(package)
    assert package.tell() == 0


def test_not_a_zip_is_refused():
    assert "not a zip" in _refused(io.BytesIO(b"%PDF-1.7 not a zip"))


def test_zip_without_manifest_is_refused():
    assert "tincan.xml" in _refused(make_zip({"index.html": INDEX_HTML}))


def test_manifest_two_folders_down_is_not_found():
    package = make_zip({"a/b/tincan.xml": tincan_xml(), "a/b/index.html": b""})
    assert "no tincan.xml" in _refused(package)


def test_malformed_manifest_is_refused():
    package = make_zip({"tincan.xml": b"<tincan><activities>", "index.html": b""})
    assert "not well-formed" in _refused(package)


def test_manifest_with_another_root_element_is_refused():
    package = make_zip({"tincan.xml": b"<manifest/>", "index.html": b""})
    assert "<tincan>" in _refused(package)


def test_manifest_without_launchable_activity_is_refused():
    xml = tincan_xml(launch="")
    assert "no activity" in _refused(make_zip({"tincan.xml": xml, "index.html": b""}))


def test_missing_launch_file_is_refused():
    package = make_zip({"tincan.xml": tincan_xml(launch="story.html")})
    assert "story.html is not in the package" in _refused(package)


@pytest.mark.parametrize(
    "launch", ["https://elsewhere.test/index.html", "/index.html", "../index.html"]
)
def test_launch_outside_the_package_is_refused(launch):
    package = make_zip({"tincan.xml": tincan_xml(launch=launch), "index.html": b""})
    assert "not a file in the package" in _refused(package)


@pytest.mark.parametrize(
    "name", ["../evil.js", "media/../../evil.js", "/etc/passwd", "C:/evil.js", "a\\b"]
)
def test_unsafe_member_paths_are_refused(name):
    assert "unsafe file path" in _refused(tincan_zip(**{name: b"x"}))


def test_symlink_member_is_refused():
    package = make_zip(
        {"tincan.xml": tincan_xml(), "index.html": b""},
        symlinks={"secrets": "/etc/passwd"},
    )
    assert "unsafe file path: secrets" in _refused(package)


def test_zip_over_the_file_count_limit_is_refused(settings):
    settings.CONTENT_PACKAGE_MAX_FILES = 5
    package = tincan_zip(**{f"page{n}.html": b"" for n in range(2)})
    assert "6 files; at most 5" in _refused(package)


def test_zip_over_the_unpacked_size_limit_is_refused(settings):
    settings.CONTENT_PACKAGE_MAX_BYTES = 1024 * 1024
    # Compresses to a few kilobytes: the limit is on what it unpacks to.
    package = tincan_zip(**{"video.mp4": b"\0" * (1024 * 1024)})
    assert "more than 1 MB" in _refused(package)


def test_activity_id_longer_than_the_column_is_refused():
    xml = tincan_xml(activity_id="http://lms.test/" + "a" * 2048)
    package = make_zip({"tincan.xml": xml, "index.html": INDEX_HTML})
    assert "activity ID is too long" in _refused(package)
