"""Importing cmi5 courses through the administrators' API (cmi5 sections 13, 14)."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from packages.cmi5_models import Cmi5ApiKey, Cmi5Course
from packages.models import Package
from tests.factories.people import UserFactory

from .cmi5_api import Cmi5Api
from .cmi5_zips import au, block, course_zip, one_au_zip, structure, title

pytestmark = pytest.mark.django_db


def test_a_zip_course_keeps_its_blocks_and_aus_and_serves_their_files(cmi5_api):
    xml = structure(
        block(au("one", mastery="0.8"), au("two", "two.html", move_on="Completed")),
        au("three", "https://elsewhere.test/au.html"),
    )
    response = cmi5_api.import_course(
        course_zip(xml, **{"two.html": b"<p>2</p>"}).getvalue()
    )
    assert response.status_code == 201
    course = Cmi5Course.objects.get(uuid=response.json()["id"])
    assert [a["id"].rsplit("/", 1)[1] for a in course.aus] == ["one", "two", "three"]
    assert course.blocks[0]["aus"] == [0, 1]
    assert course.aus[0]["mastery_score"] == 0.8
    assert course.aus[1]["move_on"] == "Completed"
    assert course.title == "信息安全"
    launched = cmi5_api.launch(str(course.uuid), 1)
    path = launched.url.split("//", 1)[1].split("/", 1)[1].split("?")[0]
    assert b"".join(cmi5_api.client.get("/" + path).streaming_content) == b"<p>2</p>"


def test_a_thousand_au_course_in_a_bare_cmi5_xml_imports(cmi5_api):
    aus = [au(f"au-{n}", f"https://elsewhere.test/{n}.html") for n in range(1000)]
    response = cmi5_api.import_course(structure(*aus), "text/xml")
    assert response.status_code == 201
    assert response.json()["aus"] == 1000
    assert Package.objects.count() == 0  # nothing to unpack


def test_a_zip64_course_imports(cmi5_api):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (("cmi5.xml", structure(au("big"))), ("index.html", b"x")):
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(data)
    assert cmi5_api.import_course(buffer.getvalue()).status_code == 201


INVALID = {
    "course id not an IRI": structure(au("a"), course_id="lms.test/course"),
    "relative AU in a bare cmi5.xml": structure(au("a", "index.html")),
    "AU URL with a launch parameter": structure(
        au("a", "https://elsewhere.test/a.html?endpoint=https://x.test/lrs")
    ),
    "duplicated block": structure(
        block(au("a", "https://x.test/a")), block(au("b", "https://x.test/b"))
    ),
    "duplicated AU": structure(
        au("a", "https://x.test/a"), au("a", "https://x.test/b")
    ),
    "AU URL with a space": structure(au("a", "https://x.test/a b.html")),
    "url before title": structure(
        '<au id="https://lms.test/au/x"><url>https://x.test/a</url>'
        + title("x")
        + "</au>"
    ),
    "unknown moveOn": structure(au("a", "https://x.test/a", move_on="Sometimes")),
    "masteryScore above 1": structure(au("a", "https://x.test/a", mastery="1.5")),
    "undeclared objective": structure(
        au("a", "https://x.test/a", extra="").replace(
            "<url>",
            '<objectives><objective idref="https://x.test/o"/></objectives><url>',
        )
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_cmi5_xml_is_refused_and_nothing_is_stored(cmi5_api, case):
    response = cmi5_api.import_course(INVALID[case], "text/xml")
    assert response.status_code == 400
    assert response.json()["invalidPackage"] is True
    assert not Cmi5Course.objects.exists()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (course_zip(structure(au("a", "missing.html"))).getvalue(), "application/zip"),
        (course_zip(None).getvalue(), "application/zip"),  # no cmi5.xml
        (b"PK not really a zip", "application/zip"),
        (b"# A markdown file", "text/markdown; charset=UTF-8"),
    ],
    ids=["AU file missing", "no cmi5.xml", "not a zip", "not a course"],
)
def test_an_invalid_package_is_refused_and_nothing_is_stored(
    cmi5_api, data, content_type
):
    response = cmi5_api.import_course(data, content_type)
    assert response.status_code == 400
    assert response.json()["invalidPackage"] is True
    assert not Cmi5Course.objects.exists()
    assert not Package.objects.exists()


def test_the_api_wants_a_valid_key_of_a_user_allowed_to_import(cmi5_api):
    data = one_au_zip().getvalue()
    assert cmi5_api.import_course(data).status_code == 201
    assert (
        cmi5_api.post("courses/", data, "application/zip", key="nope").status_code
        == 401
    )
    learner_key = Cmi5ApiKey.issue(UserFactory(username="learner"))
    assert Cmi5Api(learner_key).import_course(data).status_code == 403
    assert cmi5_api.client.get("/content/cmi5/courses/").status_code == 405


def test_the_command_prints_a_key_stored_only_as_its_hash(capsys):
    UserFactory(username="boss", is_superuser=True)
    call_command("cmi5_api_key", "boss")
    key = capsys.readouterr().out.split("key: ", 1)[1].split()[0]
    stored = Cmi5ApiKey.objects.get()
    assert key not in stored.key_hash
    assert Cmi5Api(key).import_course(one_au_zip().getvalue()).status_code == 201
    UserFactory(username="learner")
    with pytest.raises(CommandError):
        call_command("cmi5_api_key", "learner")


def test_deleting_a_course_deletes_its_package(cmi5_api):
    course_id = cmi5_api.course(one_au_zip().getvalue())
    assert Package.objects.count() == 1
    assert cmi5_api.post(f"courses/{course_id}/delete/").status_code == 200
    assert not Cmi5Course.objects.exists()
    assert not Package.objects.exists()
