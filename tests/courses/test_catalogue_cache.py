"""The catalogue served whole from the shared cache, and never stale."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from tests.factories.courses import catalogue, make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db

BACKEND = "people.backends.CachedUserBackend"


@pytest.fixture
def courses():
    parent = catalogue()
    return [make_course(f"课程{n}", lessons=1, parent=parent) for n in range(3)]


def warm(client, path="/courses/"):
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def csrf_of(response) -> str:
    body = response.content.decode()
    marker = 'name="csrfmiddlewaretoken" value="'
    return body.split(marker, 1)[1].split('"', 1)[0]


def test_an_anonymous_catalogue_costs_no_query_and_carries_each_visitors_token(
    client, shared_cache, courses
):
    from django.test import Client

    response, count = warm(client)
    assert count == 0
    other = Client().get("/courses/")
    assert "课程0" in other.content.decode()
    assert "csrf-placeholder" not in other.content.decode()
    assert csrf_of(other) != csrf_of(response)  # masked per request


def test_a_published_change_shows_at_once(client, shared_cache, courses):
    warm(client)
    courses[0].title = "改过名的课程"
    courses[0].save_revision().publish()
    assert "改过名的课程" in client.get("/courses/").content.decode()
    new = make_course("新上线的课程", parent=courses[0].get_parent())
    new.save_revision().publish()  # as the editor's "Publish" does
    assert "新上线的课程" in client.get("/courses/").content.decode()


def test_each_query_and_language_is_its_own_page(client, shared_cache, courses):
    warm(client)
    body = client.get("/courses/", {"q": "课程1"}).content.decode()
    assert "课程1" in body and "课程2</a>" not in body
    client.cookies["django_language"] = "en"
    assert "Course catalogue" in client.get("/courses/").content.decode()


def test_a_learners_status_follows_their_enrolment_at_once(
    client, shared_cache, courses
):
    learner = StaffMemberFactory().user
    other = StaffMemberFactory().user
    client.force_login(learner, backend=BACKEND)
    _response, count = warm(client)
    assert count <= 1  # at most the session; the page itself comes from the cache
    assert "学习中" not in client.get("/courses/").content.decode()
    services.start_course(user=learner, course=courses[1])
    assert "学习中" in client.get("/courses/").content.decode()
    # Another learner's catalogue is theirs alone.
    client.force_login(other, backend=BACKEND)
    assert "学习中" not in client.get("/courses/").content.decode()


def test_a_page_with_a_message_is_never_served_from_or_into_the_cache(
    client, shared_cache, courses
):
    warm(client)
    storage = CookieStorage(None)
    client.cookies["messages"] = storage._encode([_message("已保存")])
    assert "已保存" in client.get("/courses/").content.decode()
    assert "已保存" not in client.get("/courses/").content.decode()


def _message(text):
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, text)
