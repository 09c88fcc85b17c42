"""A copy made by Translate is marked as awaiting translation until a translator clears it."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from courses.models import CoursePage, LessonPage
from courses.selectors import catalogue_ids
from courses.selectors.catalogue import CatalogueFilters
from tests.factories.courses import make_course
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def translate_in_the_admin(client, course):
    en = Locale.objects.get(language_code="en")
    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[course.pk]),
        {"locales": [en.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    return CoursePage.objects.get(translation_key=course.translation_key, locale=en)


def test_the_copy_is_marked_in_the_admin(admin_client):
    course = make_course("数据安全", lessons=1)
    copy = translate_in_the_admin(admin_client, course)
    assert copy.awaiting_translation
    lesson = LessonPage.objects.get(locale=copy.locale)
    assert lesson.awaiting_translation
    assert copy.title == "数据安全"  # the translator starts from the source text
    html = admin_client.get(f"/admin/pages/{copy.pk}/edit/").content.decode()
    assert 'name="awaiting_translation"' in html
    listing = admin_client.get(f"/admin/pages/{copy.get_parent().pk}/").content.decode()
    assert "数据安全 (awaiting translation)" in listing or "待翻译" in listing
    original = admin_client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert 'name="awaiting_translation"' not in original


def test_the_catalogue_lists_the_copy_only_once_translated(admin_client):
    course = make_course("数据安全", lessons=1)
    copy = translate_in_the_admin(admin_client, course)
    copy.save_revision().publish()
    english = CatalogueFilters(language="en")
    assert catalogue_ids(english, language="en") == []
    assert catalogue_ids(CatalogueFilters(), language="en") == [course.pk]
    copy.refresh_from_db()
    copy.title, copy.awaiting_translation = "Data security", False
    copy.save_revision().publish()
    assert catalogue_ids(english, language="en") == [copy.pk]
