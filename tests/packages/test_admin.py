"""Uploading packages through the "xAPI packages" snippet in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from packages.models import Package
from tests.factories.people import UserFactory

from .zips import ACTIVITY_ID, make_zip, tincan_zip

pytestmark = pytest.mark.django_db

TRAINER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("packages", "add_package"),
    ("packages", "change_package"),
    ("packages", "view_package"),
]


@pytest.fixture
def trainer(client):
    user = UserFactory(username="trainer")
    for app_label, codename in TRAINER_PERMISSIONS:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client.force_login(user)
    return user


def _upload(stream) -> SimpleUploadedFile:
    return SimpleUploadedFile("phishing.zip", stream.getvalue(), "application/zip")


def test_trainer_uploads_a_package_and_is_recorded_as_uploader(client, trainer):
    response = client.post(
        reverse("wagtailsnippets_packages_package:add"),
        {"title": "识别钓鱼邮件", "file": _upload(tincan_zip())},
    )
    assert response.status_code == 302
    package = Package.objects.get()
    assert (package.activity_id, package.uploaded_by) == (ACTIVITY_ID, trainer)


def test_invalid_zip_is_shown_on_the_file_field(client, trainer):
    response = client.post(
        reverse("wagtailsnippets_packages_package:add"),
        {"title": "坏包", "file": _upload(make_zip({"readme.txt": b""}))},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
    assert not Package.objects.exists()


def test_packages_are_in_the_admin_menu(client, trainer):
    response = client.get(reverse("wagtailadmin_home"))
    assert '"name": "xapi_packages"' in response.content.decode()


def test_edit_view_shows_what_the_manifest_declares(client, trainer):
    client.post(
        reverse("wagtailsnippets_packages_package:add"),
        {"title": "识别钓鱼邮件", "file": _upload(tincan_zip())},
    )
    package = Package.objects.get()
    response = client.get(
        reverse("wagtailsnippets_packages_package:edit", args=[package.pk])
    )
    assert response.status_code == 200
    assert ACTIVITY_ID in response.content.decode()
