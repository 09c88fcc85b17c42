"""The Package snippet: reading, unpacking and removing uploaded zips."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from packages import unpacking
from packages.exceptions import PackageError
from packages.models import Package
from tests.factories.people import UserFactory

from .zips import ACTIVITY_ID, AU_ID, INDEX_HTML, cmi5_zip, make_zip, tincan_zip

pytestmark = pytest.mark.django_db


def _upload(stream, name="phishing.zip") -> ContentFile:
    return ContentFile(stream.getvalue(), name=name)


def _stored_names(folder="packages") -> list[str]:
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for name in folders:
        names += _stored_names(f"{folder}/{name}")
    return sorted(names)


def _package(stream=None, **fields) -> Package:
    package = Package(
        title="识别钓鱼邮件", file=_upload(stream or tincan_zip()), **fields
    )
    package.full_clean()
    package.save()
    return package


def test_saving_a_tincan_zip_reads_the_manifest_and_unpacks_it():
    package = _package(uploaded_by=UserFactory())
    package.refresh_from_db()
    assert (package.kind, package.activity_id, package.launch_path) == (
        Package.Kind.TINCAN,
        ACTIVITY_ID,
        "index.html",
    )
    assert package.manifest_title == "识别钓鱼邮件"
    assert (package.au_id, package.move_on) == ("", "")
    folder = f"packages/{package.uuid}"
    assert _stored_names(folder) == [
        f"{folder}/app.js",
        f"{folder}/index.html",
        f"{folder}/media/intro.vtt",
        f"{folder}/tincan.xml",
    ]
    with default_storage.open(f"{folder}/index.html") as launch:
        assert launch.read() == INDEX_HTML
    assert package.file.name.startswith("packages/zips/phishing")


def test_saving_a_cmi5_zip_keeps_the_au_and_its_move_on():
    package = _package(cmi5_zip())
    assert (package.kind, package.au_id, package.move_on) == (
        Package.Kind.CMI5,
        AU_ID,
        "CompletedOrPassed",
    )
    assert package.activity_id == AU_ID
    assert default_storage.exists(f"packages/{package.uuid}/course/index.html")


def test_invalid_zip_is_a_validation_error_on_the_file_and_stores_nothing():
    package = Package(title="坏包", file=_upload(make_zip({"index.html": b""})))
    with pytest.raises(ValidationError) as raised:
        package.full_clean()
    assert "tincan.xml" in raised.value.message_dict["file"][0]
    assert not Package.objects.exists()
    assert _stored_names() == []


def test_saving_an_invalid_zip_without_clean_raises_and_stores_nothing():
    with pytest.raises(PackageError):
        Package(title="坏包", file=_upload(make_zip({"a.txt": b""}))).save()
    assert not Package.objects.exists()
    assert _stored_names() == []


def test_a_package_without_manifest_fields_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Package.objects.create(title="无清单", file="packages/zips/none.zip")


def test_editing_the_title_leaves_the_files_alone():
    package = _package()
    uuid = package.uuid
    package.title = "识别钓鱼邮件（新版）"
    package.save()
    assert package.uuid == uuid
    assert default_storage.exists(f"packages/{uuid}/index.html")


def test_new_file_gets_a_new_folder_and_the_old_files_go(
    django_capture_on_commit_callbacks,
):
    package = _package()
    old_uuid, old_zip = package.uuid, package.file.name
    with django_capture_on_commit_callbacks(execute=True):
        package.file = _upload(cmi5_zip(), name="v2.zip")
        package.save()
    assert package.uuid != old_uuid
    assert package.kind == Package.Kind.CMI5
    assert default_storage.exists(f"packages/{package.uuid}/course/index.html")
    assert _stored_names(f"packages/{old_uuid}") == []
    assert not default_storage.exists(old_zip)


def test_deleting_a_package_removes_its_files(django_capture_on_commit_callbacks):
    package = _package()
    with django_capture_on_commit_callbacks(execute=True):
        package.delete()
    assert _stored_names() == []


def test_a_package_never_overwrites_another_packages_files():
    first = _package()
    clash = Package(title="同一目录", file=_upload(tincan_zip(**{"index.html": b"x"})))
    clash.uuid = first.uuid
    with pytest.raises(PackageError):
        clash.save()
    with default_storage.open(f"packages/{first.uuid}/index.html") as launch:
        assert launch.read() == INDEX_HTML
    assert _stored_names("packages/zips") == [first.file.name]


def test_files_are_removed_when_the_row_cannot_be_written():
    first = _package()
    unpacking.delete_folder(default_storage, unpacking.package_folder(first.uuid))
    clash = Package(title="同一标识", file=_upload(tincan_zip()))
    clash.uuid = first.uuid
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    assert _stored_names(f"packages/{first.uuid}") == []
    assert _stored_names("packages/zips") == [first.file.name]
