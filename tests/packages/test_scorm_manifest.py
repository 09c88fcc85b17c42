"""Reading SCORM 1.2 and 2004 manifests: pure, no database.

The four real packages are Rustici's golf samples in the shared folder
(/work/shared/packages, README there); the rest are made here.
"""

from pathlib import Path

import pytest

from packages.exceptions import PackageError
from packages.manifest import SCORM12, SCORM2004, read_manifest

from .zips import INDEX_HTML, make_zip, sco_resource, scorm_xml

SHARED = Path("/work/shared/packages")
ROOT = "http://lms.test/xapi/scorm/"


def _read(xml: bytes, **files: bytes):
    return read_manifest(make_zip({"imsmanifest.xml": xml, **files}))


def _refused(xml: bytes, **files: bytes) -> str:
    with pytest.raises(PackageError) as raised:
        _read(xml, **files)
    return raised.value.message


def _shared(name: str):
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared sample packages are missing")
    with path.open("rb") as handle:
        return read_manifest(handle)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_BASE_URL = "http://lms.test"


def test_scorm_12_single_sco_golf_sample():
    manifest = _shared("scorm12_RuntimeBasicCalls_singlescobasic.zip")
    assert manifest.kind == SCORM12
    assert (
        manifest.activity_id == ROOT + "com.scorm.golfsamples.runtime.basicruntime.12"
    )
    assert manifest.title == "Golf Explained - Run-time Basic Calls"
    [sco] = manifest.scos
    assert (sco.identifier, sco.title, sco.launch_path, sco.mastery) == (
        "item_1",
        "Golf Explained",
        "shared/launchpage.html",
        None,
    )
    assert sco.activity_id == manifest.activity_id + "/item_1"


def test_scorm_12_eighteen_scos_in_the_nested_organisation_order():
    manifest = _shared("scorm12_RuntimeMinimumCalls_SCORM12.zip")
    assert manifest.kind == SCORM12
    assert len(manifest.scos) == 18
    assert manifest.scos[0].launch_path == "Playing/Playing.html"
    # The quiz item's parameters are added to its resource's href.
    assert manifest.scos[5].launch_path == (
        "shared/assessmenttemplate.html?questions=Playing"
    )
    assert manifest.scos[-1].title == "Having Fun Quiz"
    assert manifest.launch_path == manifest.scos[0].launch_path


def test_scorm_2004_3rd_edition_golf_sample():
    manifest = _shared("scorm2004-3rd_RuntimeBasicCalls_SCORM20043rdEdition.zip")
    assert manifest.kind == SCORM2004
    assert [sco.launch_path for sco in manifest.scos] == ["shared/launchpage.html"]


def test_scorm_2004_4th_edition_five_scos_share_a_launch_page():
    manifest = _shared(
        "scorm2004-4th_SequencingPostTestRollup4thEd_SCORM20044thEdition.zip"
    )
    assert manifest.kind == SCORM2004
    assert [sco.launch_path.split("=")[1] for sco in manifest.scos] == [
        "playing",
        "etiquette",
        "handicapping",
        "havingfun",
        "assessment",
    ]


def test_scorm_12_mastery_score_becomes_a_scaled_pass_mark():
    items = (
        '<item identifier="a" identifierref="r1"><title>第一课</title>'
        "<adlcp:masteryscore>80</adlcp:masteryscore></item>"
    )
    manifest = _read(
        scorm_xml(items, sco_resource("r1", "index.html")), **{"index.html": INDEX_HTML}
    )
    assert manifest.scos[0].mastery == 0.8


def test_scorm_2004_min_normalized_measure_of_a_primary_objective():
    items = """<item identifier="a" identifierref="r1"><title>测验</title>
      <imsss:sequencing><imsss:objectives>
        <imsss:primaryObjective objectiveID="pass" satisfiedByMeasure="true">
          <imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure>
        </imsss:primaryObjective>
      </imsss:objectives></imsss:sequencing></item>"""
    xml = scorm_xml(items, sco_resource("r1", "quiz.html"), version="2004")
    assert _read(xml, **{"quiz.html": INDEX_HTML}).scos[0].mastery == 0.7


def test_assets_are_not_scos_and_xml_base_is_followed():
    items = (
        '<item identifier="intro" identifierref="asset"><title>说明</title></item>'
        '<item identifier="unit"><title>单元</title>'
        '<item identifier="lesson" identifierref="sco"><title>课</title></item></item>'
    )
    resources = sco_resource("asset", "intro.html", kind="asset") + (
        '<resource identifier="sco" type="webcontent" adlcp:scormType="sco" '
        'xml:base="unit1/" href="start.html?mode=a"/>'
    )
    manifest = _read(
        scorm_xml(items, resources),
        **{"intro.html": INDEX_HTML, "unit1/start.html": INDEX_HTML},
    )
    assert [sco.identifier for sco in manifest.scos] == ["lesson"]
    assert manifest.launch_path == "unit1/start.html?mode=a"


def test_a_package_of_assets_only_is_refused():
    items = '<item identifier="a" identifierref="r1"><title>说明</title></item>'
    xml = scorm_xml(items, sco_resource("r1", "index.html", kind="asset"))
    assert "names no SCO" in _refused(xml, **{"index.html": INDEX_HTML})


def test_a_manifest_without_a_version_is_refused():
    xml = b"""<manifest identifier="x" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
      <organizations><organization identifier="o"/></organizations></manifest>"""
    assert "SCORM version" in _refused(xml)


def test_a_manifest_without_an_organization_is_refused():
    xml = scorm_xml("", sco_resource("r1", "index.html")).replace(
        b'<organization identifier="org">\n    <title>\xe4\xbf\xa1\xe6\x81\xaf\xe5\xae\x89\xe5\x85\xa8</title>\n  </organization>',
        b"",
    )
    assert "no organization" in _refused(xml, **{"index.html": INDEX_HTML})


@pytest.mark.parametrize(
    "href", ["../outside.html", "http://evil.example/sco.html", "/etc/passwd"]
)
def test_a_launch_outside_the_package_is_refused(href):
    items = '<item identifier="a" identifierref="r1"><title>课</title></item>'
    message = _refused(scorm_xml(items, sco_resource("r1", href)))
    assert "not a file in the package" in message


def test_a_missing_launch_file_is_refused():
    items = '<item identifier="a" identifierref="r1"><title>课</title></item>'
    message = _refused(scorm_xml(items, sco_resource("r1", "missing.html")))
    assert "missing.html" in message


def test_an_invalid_mastery_score_is_refused():
    items = (
        '<item identifier="a" identifierref="r1"><title>课</title>'
        "<adlcp:masteryscore>high</adlcp:masteryscore></item>"
    )
    xml = scorm_xml(items, sco_resource("r1", "index.html"))
    assert "mastery score" in _refused(xml, **{"index.html": INDEX_HTML})


def test_two_items_with_one_identifier_are_refused():
    items = (
        '<item identifier="a" identifierref="r1"><title>一</title></item>'
        '<item identifier="a" identifierref="r1"><title>二</title></item>'
    )
    xml = scorm_xml(items, sco_resource("r1", "index.html"))
    assert "identifier" in _refused(xml, **{"index.html": INDEX_HTML})


def test_an_external_entity_is_never_read():
    head = '<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    items = '<item identifier="a" identifierref="r1"><title>&secret;</title></item>'
    xml = scorm_xml(items, sco_resource("r1", "index.html"), head=head)
    try:
        manifest = _read(xml, **{"index.html": INDEX_HTML})
    except PackageError as error:
        assert "root:" not in error.message
    else:
        assert "root:" not in manifest.scos[0].title


def test_an_entity_expansion_bomb_is_refused():
    entities = "".join(
        f'<!ENTITY e{n} "{("&e" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    head = f'<!DOCTYPE manifest [<!ENTITY e0 "lol">{entities}]>'
    items = '<item identifier="a" identifierref="r1"><title>&e9;</title></item>'
    xml = scorm_xml(items, sco_resource("r1", "index.html"), head=head)
    assert "not well-formed" in _refused(xml, **{"index.html": INDEX_HTML})


def test_the_manifest_identifier_never_names_a_platform_activity():
    xml = scorm_xml(
        '<item identifier="a" identifierref="r1"><title>课</title></item>',
        sco_resource("r1", "index.html"),
    ).replace(
        b'identifier="gov.training.security"',
        b'identifier="http://lms.test/xapi/activities/course/x"',
    )
    manifest = _read(xml, **{"index.html": INDEX_HTML})
    assert manifest.activity_id.startswith(ROOT)
    assert "/xapi/activities/" not in manifest.activity_id
