"""Package zips built in memory for the package tests."""

import io
import stat
import zipfile

ACTIVITY_ID = "http://lms.test/xapi/activities/package/phishing"
AU_ID = "http://lms.test/xapi/activities/package/phishing/au1"
INDEX_HTML = b"<!doctype html><title>Phishing</title><script src='app.js'></script>"


def tincan_xml(launch="index.html", activity_id=ACTIVITY_ID) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="{activity_id}/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction">
      <name>Question 1</name>
    </activity>
    <activity id="{activity_id}" type="http://adlnet.gov/expapi/activities/course">
      <name>识别钓鱼邮件</name>
      <launch lang="zh-CN">{launch}</launch>
    </activity>
  </activities>
</tincan>""".encode()


def cmi5_xml(url="index.html", move_on="CompletedOrPassed") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="http://lms.test/xapi/activities/package/course">
    <title><langstring lang="zh-CN">信息安全</langstring></title>
    <description><langstring lang="zh-CN">课程</langstring></description>
  </course>
  <block id="http://lms.test/xapi/activities/package/block">
    <title><langstring lang="zh-CN">第一部分</langstring></title>
    <description><langstring lang="zh-CN">部分</langstring></description>
    <au id="{AU_ID}" moveOn="{move_on}" launchMethod="AnyWindow">
      <title><langstring lang="zh-CN">识别钓鱼邮件</langstring></title>
      <description><langstring lang="zh-CN">练习</langstring></description>
      <url>{url}</url>
    </au>
  </block>
</courseStructure>""".encode()


def make_zip(files: dict[str, bytes], *, symlinks: dict[str, str] | None = None):
    """Return a zip of ``files`` (name: content) as a rewound binary stream."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    buffer.seek(0)
    return buffer


def tincan_zip(**files: bytes):
    return make_zip(
        {
            "tincan.xml": tincan_xml(),
            "index.html": INDEX_HTML,
            "app.js": b"console.log('ready');",
            "media/intro.vtt": b"WEBVTT\n",
            **files,
        }
    )


def cmi5_zip():
    return make_zip(
        {
            "course/cmi5.xml": cmi5_xml(),
            "course/index.html": INDEX_HTML,
            "course/app.js": b"",
        }
    )


SCORM12_NS = (
    'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
)
SCORM2004_NS = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
    'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"'
)


def scorm_xml(items: str, resources: str, *, version="1.2", head="") -> bytes:
    """Return an imsmanifest.xml with one organisation holding ``items``."""
    namespaces = SCORM12_NS if version == "1.2" else SCORM2004_NS
    schema = "1.2" if version == "1.2" else "2004 4th Edition"
    return f"""<?xml version="1.0" encoding="utf-8"?>{head}
<manifest identifier="gov.training.security" version="1" {namespaces}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{schema}</schemaversion></metadata>
  <organizations default="org"><organization identifier="org">
    <title>信息安全</title>{items}
  </organization></organizations>
  <resources>{resources}</resources>
</manifest>""".encode()


def sco_resource(identifier: str, href: str, kind="sco") -> str:
    return (
        f'<resource identifier="{identifier}" type="webcontent" '
        f'adlcp:scormType="{kind}" href="{href}"/>'
    )
