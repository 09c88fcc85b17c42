"""cmi5 courses the cmi5 tests build themselves: cmi5.xml texts and zips."""

from .zips import INDEX_HTML, make_zip

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_ID = "https://lms.test/cmi5/course/security"
BLOCK_ID = "https://lms.test/cmi5/block/part-1"


def title(text: str) -> str:
    return (
        f"<title><langstring lang='zh-CN'>{text}</langstring></title>"
        f"<description><langstring lang='zh-CN'>{text}</langstring></description>"
    )


def au(
    name: str,
    url: str = "index.html",
    *,
    move_on: str = "CompletedOrPassed",
    mastery: str | None = None,
    extra: str = "",
) -> str:
    mastery_attribute = f' masteryScore="{mastery}"' if mastery is not None else ""
    return (
        f'<au id="https://lms.test/cmi5/au/{name}" moveOn="{move_on}"'
        f"{mastery_attribute}>{title(name)}<url>{url}</url>{extra}</au>"
    )


def block(*members: str, block_id: str = BLOCK_ID) -> str:
    return f'<block id="{block_id}">{title("第一部分")}{"".join(members)}</block>'


def structure(*members: str, course_id: str = COURSE_ID, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
        f'<course id="{course_id}">{title("信息安全")}</course>{head}'
        f"{''.join(members)}</courseStructure>"
    ).encode()


def course_zip(xml: bytes | None = None, **files: bytes):
    """Return a zip with ``xml`` as its cmi5.xml and an index.html beside it."""
    contents = {"index.html": INDEX_HTML, **files}
    if xml is not None:
        contents["cmi5.xml"] = xml
    return make_zip(contents)


def one_au_zip(**au_options):
    return course_zip(structure(block(au("phishing", **au_options))))
