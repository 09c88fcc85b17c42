"""The admin's "Import a cmi5 course": who may use it, what it makes, what it refuses."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from audit.models import AuditEntry
from courses import audit_events
from courses.models import CoursePage, LessonPage
from packages.cmi5_models import Cmi5Course
from packages.models import Package
from people.roles import ADMINISTRATOR, HR_OFFICER, LEARNER, REVIEWER, TRAINER
from tests.courses.test_workflow import user_in
from tests.factories.courses import catalogue
from tests.packages.cmi5_zips import au, block, course_zip, structure

pytestmark = pytest.mark.django_db

URL = "/admin/courses/import-cmi5/"
COURSE_XML = structure(
    block(au("phishing"), au("passwords"), au("notice", move_on="NotApplicable"))
)


def may_import(user):
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="packages", codename="add_cmi5course"
        )
    )
    return user


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin():
    catalogue()  # the site structure: catalogues, page permissions
    return in_english(user_in(ADMINISTRATOR, "cmi5-importer"))


def zip_upload(xml=COURSE_XML, name="security.zip"):
    return SimpleUploadedFile(name, course_zip(xml).getvalue(), "application/zip")


def post(client, user, upload, language="zh-hans", **fields):
    client.force_login(user)
    return client.post(
        URL, {"file": upload, "catalogue": catalogue(language).pk, **fields}
    )


def stored() -> dict:
    return {
        "courses": CoursePage.objects.count(),
        "lessons": LessonPage.objects.count(),
        "cmi5": Cmi5Course.objects.count(),
        "packages": Package.objects.count(),
        "audit": AuditEntry.objects.filter(
            action=audit_events.CMI5_COURSE_IMPORTED
        ).count(),
    }


NOTHING = {"courses": 0, "lessons": 0, "cmi5": 0, "packages": 0, "audit": 0}


def test_the_administrator_sees_the_form_and_the_menu_item(client, admin):
    client.force_login(admin)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields) == {"file", "catalogue", "publish"}
    assert {
        page.locale.language_code for page in form.fields["catalogue"].queryset
    } == {
        "zh-hans",
        "en",
    }
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_administrator_imports_a_zip_as_drafts_and_lands_on_its_edit_view(
    client, admin
):
    response = post(client, admin, zip_upload())
    course = CoursePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[course.pk])
    assert course.get_parent().pk == catalogue("zh-hans").pk
    lessons = LessonPage.objects.child_of(course).order_by("path")
    assert [lesson.title for lesson in lessons] == ["phishing", "passwords", "notice"]
    assert not course.live and not any(lesson.live for lesson in lessons)
    assert course.owner == admin
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert course.title in message and "3" in message
    assert "drafts for review" in message
    entry = AuditEntry.objects.get(action=audit_events.CMI5_COURSE_IMPORTED)
    assert entry.actor_id == admin.pk
    assert entry.target_id == str(course.pk)
    assert entry.details == {
        "file": "security.zip",
        "catalogue": "zh-hans",
        "lessons": 3,
        "published": False,
    }


def test_the_administrator_may_publish_at_once_into_the_english_catalogue(
    client, admin
):
    response = post(client, admin, zip_upload(), language="en", publish="on")
    assert response.status_code == 302
    course = CoursePage.objects.get()
    assert course.live and course.locale.language_code == "en"
    assert all(lesson.live for lesson in LessonPage.objects.child_of(course))
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "published" in message


def test_a_bare_cmi5_xml_with_absolute_au_urls_is_imported(client, admin):
    xml = structure(block(au("remote", url="https://au.example.org/remote.html")))
    upload = SimpleUploadedFile("cmi5.xml", xml, "text/xml")
    assert post(client, admin, upload).status_code == 302
    assert stored() == {**NOTHING, "courses": 1, "lessons": 1, "cmi5": 1, "audit": 1}


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("security.zip", b"not a zip", "application/zip"), "zip"),
        (zip_upload(None), "cmi5.xml"),
        (SimpleUploadedFile("security.xml", b"<courseStructure", "text/xml"), ""),
        (SimpleUploadedFile("notes.txt", b"hello", "text/plain"), ".zip"),
    ],
    ids=["not-a-zip", "no-cmi5-xml", "broken-xml", "wrong-type"],
)
def test_a_refused_file_shows_the_form_again_with_why_and_stores_nothing(
    client, admin, upload, says
):
    response = post(client, admin, upload, publish="on")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert says in errors["file"][0]
    assert stored() == NOTHING


def refused(response, role=TRAINER) -> bool:
    """Wagtail's refusal (back to the dashboard); learners never reach the admin."""
    if response.status_code != 302:
        return False
    if role == LEARNER:
        return "/login/" in response["Location"]
    return response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", [HR_OFFICER, LEARNER, TRAINER, REVIEWER])
def test_a_user_without_the_permission_is_refused_and_nothing_is_stored(client, role):
    catalogue()
    user = user_in(role, "no-cmi5")
    client.force_login(user)
    assert refused(client.get(URL), role)
    assert refused(post(client, user, zip_upload(), publish="on"), role)
    assert stored() == NOTHING
    if role != LEARNER:
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert URL not in home


def test_the_permission_without_page_rights_is_refused(client):
    catalogue()
    user = may_import(user_in(HR_OFFICER, "hr-with-cmi5"))
    assert refused(post(client, user, zip_upload()))
    assert stored() == NOTHING


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(URL, {"file": zip_upload()})
    assert response.status_code == 302
    assert stored() == NOTHING


def test_a_trainer_who_may_import_but_not_publish_gets_drafts_whatever_is_posted(
    client,
):
    catalogue()
    trainer = in_english(may_import(user_in(TRAINER, "cmi5-trainer")))
    client.force_login(trainer)
    assert "publish" not in client.get(URL).context["form"].fields
    response = post(client, trainer, zip_upload(), publish="on")
    assert response.status_code == 302
    course = CoursePage.objects.get()
    assert not course.live
    assert not any(lesson.live for lesson in LessonPage.objects.child_of(course))
    entry = AuditEntry.objects.get(action=audit_events.CMI5_COURSE_IMPORTED)
    assert entry.details["published"] is False


def test_publish_is_refused_in_a_catalogue_the_user_may_not_publish_in(client):
    zh, en = catalogue("zh-hans"), catalogue("en")
    group = Group.objects.create(name="English publishers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_cmi5course"),
    )
    for page, permissions in ((zh, ["add_page"]), (en, ["add_page", "publish_page"])):
        for codename in permissions:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    user = in_english(user_in("English publishers", "en-publisher"))
    response = post(client, user, zip_upload(), publish="on")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["publish"]
    assert stored() == NOTHING
    assert post(client, user, zip_upload()).status_code == 302  # drafts are fine
    assert (
        post(client, user, zip_upload(), language="en", publish="on").status_code == 302
    )
    assert [page.live for page in CoursePage.objects.order_by("pk")] == [False, True]


def test_a_catalogue_the_user_may_not_add_to_is_not_a_choice(client):
    zh, en = catalogue("zh-hans"), catalogue("en")
    group = Group.objects.create(name="English trainers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_cmi5course"),
    )
    GroupPagePermission.objects.create(
        group=group,
        page=en,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )
    user = user_in("English trainers", "en-trainer")
    response = post(client, user, zip_upload())
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["catalogue"]
    assert stored() == NOTHING
    assert zh.pk != en.pk
